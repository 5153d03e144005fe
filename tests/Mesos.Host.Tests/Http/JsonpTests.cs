using System.Net;
using System.Text;
using Mesos.Host.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Task = System.Threading.Tasks.Task;

namespace Mesos.Host.Tests.Http;

/// <summary>
/// The <c>?jsonp=</c> wrapper on a real Kestrel: JSON is wrapped, everything else passes unchanged, and
/// an answer reaches the client as it is written rather than after it is whole.
/// </summary>
public sealed class JsonpTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HttpClient _http = new();
    private WebApplication _app = null!;

    public async Task InitializeAsync()
    {
        _app = LoopbackWebApp.Create(app =>
        {
            app.UseMiddleware<Jsonp>();
            app.MapGet("/json", () => Results.Json(new { answer = 42 }));
            app.MapGet("/empty", () => Results.NotFound());
            app.MapGet("/stream/{type}", async (HttpContext context, string type) =>
            {
                context.Response.ContentType = type == "json" ? "application/json" : "application/octet-stream";
                await context.Response.WriteAsync("[1");
                await context.Response.Body.FlushAsync();
                await _release.Task;
                await context.Response.WriteAsync(",2]");
            });
        });
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        _release.TrySetResult();
        _http.Dispose();
        await _app.DisposeAsync();
    }

    private string Url(string path) => _app.Urls.First() + path;

    [Fact]
    public async Task A_json_answer_is_wrapped_in_the_callback_with_its_length()
    {
        using var response = await _http.GetAsync(Url("/json?jsonp=render"));
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/javascript");
        var body = await response.Content.ReadAsStringAsync();
        body.Should().Be("""render({"answer":42});""");
        response.Content.Headers.ContentLength?.Should().Be(Encoding.UTF8.GetByteCount(body));
    }

    [Fact]
    public async Task An_answer_without_a_body_keeps_its_status_and_is_not_wrapped()
    {
        using var response = await _http.GetAsync(Url("/empty?jsonp=render"));
        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).Should().NotContain("render(");
    }

    [Fact]
    public async Task A_callback_that_is_not_an_identifier_is_refused()
    {
        using var response = await _http.GetAsync(Url("/json?jsonp=" + Uri.EscapeDataString("alert(1)//")));
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("octet", "[1", "[1,2]")]
    [InlineData("json", "render([1", "render([1,2]);")]
    public async Task An_answer_streams_to_the_client_as_it_is_written(string type, string first, string whole)
    {
        using var response = await _http.GetAsync(Url($"/stream/{type}?jsonp=render"), HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var received = new StringBuilder();
        var buffer = new byte[64];
        // The handler holds the rest of its answer until the first part has arrived: a wrapper that
        // buffered whole answers would never deliver it.
        while (received.Length < first.Length)
        {
            var read = await body.ReadAsync(buffer).AsTask().WaitAsync(Deadline);
            read.Should().BePositive("the first part must arrive before the answer ends");
            received.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }
        received.ToString().Should().Be(first);
        _release.SetResult();
        int more;
        while ((more = await body.ReadAsync(buffer).AsTask().WaitAsync(Deadline)) > 0) received.Append(Encoding.UTF8.GetString(buffer, 0, more));
        received.ToString().Should().Be(whole);
    }
}
