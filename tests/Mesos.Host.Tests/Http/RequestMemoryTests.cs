using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Mesos.Host.Tests.Http;

/// <summary>
/// What large bodies cost a real master, read from its /proc status: eight 14 MB bodies sent at once
/// raise its peak memory by a bounded amount, whatever their shape, instead of by gigabytes (each body
/// was once buffered three times and decoded into a document many times its size, all at once).
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class RequestMemoryTests : IAsyncLifetime
{
    private const int BodyBytes = 14 << 20;
    private const int AtOnce = 8;

    // What the eight bodies add up to, twice over; before the bound a single batch took 0.7 to 1.9 GB.
    private const long MaxGrowthBytes = 2L * AtOnce * BodyBytes;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "mesos-memory-" + Guid.NewGuid().ToString("N"));
    private readonly int _port = RunningMesos.FreePort();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromMinutes(2) };
    private RunningMesos _master = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _master = RunningMesos.Start("master", "--ip=127.0.0.1", $"--port={_port}", $"--work_dir={_dir}");
        await _master.WaitForOutput("listening on");
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _master.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>The master's peak resident memory so far (VmHWM), in bytes.</summary>
    private long PeakMemory()
    {
        var line = File.ReadLines($"/proc/{_master.Pid}/status").Single(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    private async Task<HttpStatusCode[]> PostAtOnce(string path, byte[] body)
    {
        var posts = Enumerable.Range(0, AtOnce).Select(async _ =>
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await _http.PostAsync($"http://127.0.0.1:{_port}{path}", content);
            return response.StatusCode;
        });
        return await Task.WhenAll(posts);
    }

    /// <summary>JSON of exactly <see cref="BodyBytes"/> bytes: <paramref name="head"/>, a value made by <paramref name="fill"/> for the room left (padded with spaces), <paramref name="tail"/>.</summary>
    private static byte[] Body(string head, Func<int, string> fill, string tail, int size = BodyBytes)
    {
        var room = size - head.Length - tail.Length;
        var value = fill(room);
        return Encoding.UTF8.GetBytes(head + value + new string(' ', room - value.Length) + tail);
    }

    private static string Numbers(int room) => string.Join(',', Enumerable.Repeat('1', room / 2));

    private static string Base64(int room) => '"' + new string('A', (room - 2) / 4 * 4) + '"';

    private static string Text(int room) => '"' + new string('x', room - 2) + '"';

    private void GrowthIsBounded(long before, string after)
    {
        var growth = PeakMemory() - before;
        growth.Should().BeLessThan(MaxGrowthBytes, $"the master's peak memory grew by {growth >> 20} MB after {after}");
    }

    [Fact]
    public async Task Eight_14_MB_bodies_at_once_raise_the_masters_peak_memory_by_a_bound_whatever_their_shape()
    {
        (await _http.GetAsync($"http://127.0.0.1:{_port}/master/state")).EnsureSuccessStatusCode();
        // Each path once with a small body first, so that what the first use of a path costs (code compiled, pools and
        // the registry's store opened) is in the baseline and only what large bodies cost is measured.
        const int small = 256 << 10, aboveSmallLimit = 2 << 20;
        await PostAtOnce("/api/v1/scheduler", Body("""{"type":"ACCEPT","framework_id":{"value":"f"},"surprise":[""", Numbers, "]}", small));
        await PostAtOnce("/api/v1/scheduler", Body("""{"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":"root","name":""", Text, "}}}", aboveSmallLimit));
        await PostAtOnce("/api/v1", Body("""{"type":"GET_STATE","surprise":[""", Numbers, "]}", aboveSmallLimit));
        var before = PeakMemory();

        // Millions of tokens in a field the master does not know: an ACCEPT may be this large.
        var tokens = Body("""{"type":"ACCEPT","framework_id":{"value":"f"},"surprise":[""", Numbers, "]}");
        (await PostAtOnce("/api/v1/scheduler", tokens)).Should().AllBeEquivalentTo(HttpStatusCode.BadRequest);
        GrowthIsBounded(before, "many tokens");

        // Task data that decodes into megabytes.
        var data = Body("""{"type":"ACCEPT","framework_id":{"value":"f"},"accept":{"offer_ids":[{"value":"o"}],"operations":[{"type":"LAUNCH","launch":{"task_infos":[{"name":"t","task_id":{"value":"t"},"agent_id":{"value":"a"},"data":""",
            Base64, "}]}}]}}");
        (await PostAtOnce("/api/v1/scheduler", data)).Should().AllBeEquivalentTo(HttpStatusCode.BadRequest);
        GrowthIsBounded(before, "task data");

        // The operator API takes no large calls: refused before they are read.
        (await PostAtOnce("/api/v1", tokens)).Should().AllBeEquivalentTo(HttpStatusCode.RequestEntityTooLarge);
        GrowthIsBounded(before, "operator calls");

        // A framework name of megabytes: read, and refused as too large for a SUBSCRIBE.
        var name = Body("""{"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":"root","name":""", Text, "}}}");
        (await PostAtOnce("/api/v1/scheduler", name)).Should().AllBeEquivalentTo(HttpStatusCode.RequestEntityTooLarge);
        GrowthIsBounded(before, "a long name");

        (await _http.GetAsync($"http://127.0.0.1:{_port}/health")).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
