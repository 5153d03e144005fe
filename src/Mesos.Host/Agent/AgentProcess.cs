using Mesos.Actors.Agent;
using Mesos.Actors.Configuration;
using Mesos.Actors.Protocol;
using Mesos.Actors.Runtime;
using Mesos.Host.Cli;
using Mesos.Host.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mesos.Host.Agent;

/// <summary>A running agent: its actor system, the agent actor with its link to the master, and its HTTP endpoints.</summary>
internal sealed class AgentProcess : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ActorSystem _system;
    private readonly HttpMasterLink _link;

    private AgentProcess(WebApplication app, ActorSystem system, HttpMasterLink link)
    {
        _app = app;
        _system = system;
        _link = link;
    }

    public static async Task<AgentProcess> Start(Config config, AgentSettings settings, IReadOnlyDictionary<string, string> flags, CancellationToken cancel)
    {
        var address = AdvertisedAddress.Resolve(settings.Ip, settings.Hostname);
        var maxBody = HttpLimits.MaxRequestBodySize(config);
        var app = MesosWebHost.Create(settings.Ip, settings.Port, maxBody);
        var loggers = app.Services.GetRequiredService<ILoggerFactory>();
        var system = ActorSystem.Create("mesos-agent", config, new ActorSystemSetup { LoggerFactory = loggers });
        var link = new HttpMasterLink(settings.Masters, loggers.CreateLogger("Mesos.Agent.MasterLink"));
        // Executors reach the agent at the advertised address, which MESOS_AGENT_ENDPOINT gives them.
        var agent = system.ActorOf(AgentActor.Props(settings with { Hostname = address.Hostname, Ip = address.Ip }, link), "agent");

        var codec = new ProtocolCodec(maxBody);
        app.MapCommon(flags, AgentOperatorApi.Prefix);
        app.MapAgentOperatorApi(agent, codec, address.Ip, flags);
        app.MapExecutorApi(agent, codec);
        await app.StartAsync(cancel);
        loggers.CreateLogger("Mesos.Agent").LogInformation("Agent listening on {Ip}:{Port} as {Hostname}", address.Ip, settings.Port, address.Hostname);
        return new AgentProcess(app, system, link);
    }

    public Task WaitForShutdown(CancellationToken cancel) => _app.WaitForShutdownAsync(cancel);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _system.Terminate();
        await _link.DisposeAsync();
        await _app.DisposeAsync();
    }
}
