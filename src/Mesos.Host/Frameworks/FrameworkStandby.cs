using Mesos.Actors.Framework;
using Mesos.Host.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mesos.Host.Frameworks;

/// <summary>
/// A built-in framework's port on a master that does not lead: no scheduler and no state here (the leader's
/// framework is the only one that acts), only what Marathon and Chronos answer on an instance that is not the
/// leader. The framework names the leader on its own paths (/v2/leader, /leader); every other request is
/// forwarded to the leader's framework and answered with its answer (Marathon, <see cref="LeaderProxy"/>), or
/// sent there with 307 and its address in <c>Location</c> (Chronos); either is answered 503 while no master leads.
/// </summary>
internal sealed class FrameworkStandby : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly LeaderProxy? _proxy;

    private FrameworkStandby(WebApplication app, LeaderProxy? proxy)
    {
        _app = app;
        _proxy = proxy;
    }

    /// <summary>What a framework answers itself while it stands by.</summary>
    /// <param name="Name">Its process name (<c>marathon</c>).</param>
    /// <param name="Title">How its log names it (<c>Marathon</c>).</param>
    /// <param name="Map">Its own paths, given where the leader's framework listens (null while none leads).</param>
    /// <param name="Proxy">The headers of its proxy to the leader, or null to redirect clients there instead.</param>
    public sealed record Definition(string Name, string Title, Action<WebApplication, Func<MasterAddress?>> Map, LeaderProxy.Headers? Proxy = null);

    /// <param name="leader">Where the leading master's framework listens, read at each request; null while none leads.</param>
    public static async Task<FrameworkStandby> Start(Definition framework, string ip, int port, long maxBodyBytes, Func<MasterAddress?> leader, CancellationToken cancel)
    {
        var app = MesosWebHost.Create(framework.Name, ip, port, maxBodyBytes, _ => { });
        framework.Map(app, leader);
        // The hop a request passed here is known by this machine and port, which no other instance shares.
        var proxy = framework.Proxy is { } headers ? new LeaderProxy($"{Environment.MachineName}:{port}", headers, app.Lifetime.ApplicationStopping) : null;
        // Every path and method, files too (the UI's), after the framework's own.
        app.MapFallback("{**path}", context => leader() is not { } address ? NoLeader(context, framework.Title)
            : proxy is not null ? proxy.Forward(context, address)
            : ToLeader(context, address));
        await app.StartAsync(cancel);
        app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Mesos." + framework.Title)
            .LogInformation("{Framework} stands by on {Ip}:{Port} while another master leads; it takes over when this master leads", framework.Title,
                ip.Length == 0 ? "*" : ip, port);
        return new FrameworkStandby(app, proxy);
    }

    /// <summary>Answers <c>{"leader": "host:port"}</c> with the leader's framework, as Marathon's /v2/leader and Chronos' /leader do.</summary>
    /// <param name="none">The answer while no master leads.</param>
    public static Task AnswerLeader(HttpContext context, MasterAddress? leader, Func<Task> none) =>
        leader is { } address
            ? HttpAnswers.Json(context, w =>
            {
                w.WriteStartObject();
                w.WriteString("leader", address.ToString());
                w.WriteEndObject();
            })
            : none();

    /// <summary>503 with Retry-After while no master leads: a client asks again shortly.</summary>
    public static Task NoLeader(HttpContext context, string title)
    {
        context.Response.Headers.RetryAfter = "1";
        return HttpAnswers.Text(context, StatusCodes.Status503ServiceUnavailable, $"No master leads at the moment, so no {title} does; try again");
    }

    private static Task ToLeader(HttpContext context, MasterAddress address)
    {
        context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
        context.Response.Headers.Location = $"http://{address}{context.Request.PathBase.Add(context.Request.Path).ToUriComponent()}{context.Request.QueryString.ToUriComponent()}";
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _proxy?.Dispose();
    }
}
