using System.Net.Http.Headers;
using System.Text;
using Mesos.Actors.Protocol.Json;
using Mesos.Actors.Protocol.RecordIO;
using Mesos.V1;
using Mesos.V1.Executor;
using Task = System.Threading.Tasks.Task;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.TestExecutor;

/// <summary>The executor API as a foreign client speaks it: JSON calls to POST /api/v1/executor, and the SUBSCRIBE stream of RecordIO events.</summary>
internal sealed class AgentConnection(string agentEndpoint, string frameworkId, string executorId) : IDisposable
{
    private const int MaxEventBytes = 16 << 20;

    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly Uri _url = new($"http://{agentEndpoint}/api/v1/executor");

    public ExecutorID ExecutorId { get; } = new() { Value = executorId };

    /// <summary>Subscribes and yields the events of the stream until the agent closes it.</summary>
    public async IAsyncEnumerable<Event> SubscribeAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = Json(NewCall(Call.Types.Type.Subscribe, c => c.Subscribe = new())) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        var reader = new RecordIOReader(await response.Content.ReadAsStreamAsync(), MaxEventBytes);
        await foreach (var record in reader.ReadAllAsync(CancellationToken.None)) yield return MesosJson.Parse<Event>(record);
    }

    public Task UpdateAsync(TaskStatus status) =>
        PostAsync(NewCall(Call.Types.Type.Update, c => c.Update = new Call.Types.Update { Status = status }));

    public Task MessageAsync(Google.Protobuf.ByteString data) =>
        PostAsync(NewCall(Call.Types.Type.Message, c => c.Message = new Call.Types.Message { Data = data }));

    private async Task PostAsync(Call call)
    {
        using var response = await _http.PostAsync(_url, Json(call));
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"The agent refused {call.Type}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private Call NewCall(Call.Types.Type type, Action<Call> fill)
    {
        var call = new Call { Type = type, FrameworkId = new FrameworkID { Value = frameworkId }, ExecutorId = ExecutorId };
        fill(call);
        return call;
    }

    private static StringContent Json(Call call) => new(MesosJson.Serialize(call), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

    public void Dispose() => _http.Dispose();
}
