using System.Net;
using Akka.Actor;
using Mesos.Host.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Task = System.Threading.Tasks.Task;

namespace Mesos.Host.Tests.Http;

/// <summary>How a real Kestrel with Mesos' error answers tells a client that an actor behind an endpoint was too busy to answer.</summary>
public sealed class MesosErrorsTests : IAsyncLifetime
{
    private readonly ActorSystem _system = ActorSystem.Create("errors");
    private readonly HttpClient _http = new();
    private WebApplication _app = null!;

    public async Task InitializeAsync()
    {
        var silent = _system.ActorOf(Props.Create(() => new Silent()), "silent");
        _app = LoopbackWebApp.Create(app =>
        {
            app.UseMiddleware<MesosErrors>();
            app.MapGet("/state", async () => await silent.Ask<string>("state", TimeSpan.FromMilliseconds(200)));
            app.MapGet("/broken", string () => throw new InvalidOperationException("broken on purpose"));
        });
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
        await _system.Terminate();
    }

    private string Url(string path) => _app.Urls.First() + path;

    [Fact]
    public async Task An_actor_that_does_not_answer_in_time_is_a_503_to_retry_not_a_500()
    {
        using var busy = await _http.GetAsync(Url("/state"));
        using var broken = await _http.GetAsync(Url("/broken"));

        busy.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        busy.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(1));
        (await busy.Content.ReadAsStringAsync()).Should().Contain("try again");
        broken.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        (await broken.Content.ReadAsStringAsync()).Should().Contain("broken on purpose");
    }

    private sealed class Silent : ReceiveActor
    {
        public Silent() => ReceiveAny(_ => { });
    }
}
