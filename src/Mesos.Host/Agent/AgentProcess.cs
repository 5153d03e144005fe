using Mesos.Actors.Agent;
using Mesos.Actors.Containerizer;
using Mesos.Docker;
using Akka.Actor;
using Akka.Configuration;
using Mesos.Actors.Settings;
using Mesos.Actors.Protocol;
using Akka.Hosting;
using Mesos.Host.Agent.Files;
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
    private readonly DockerContainerizer? _docker;

    private AgentProcess(WebApplication app, DockerContainerizer? docker)
    {
        _app = app;
        _docker = docker;
    }

    public static async Task<AgentProcess> Start(Config config, AgentSettings settings, IReadOnlyDictionary<string, string> flags, CancellationToken cancel)
    {
        var address = AdvertisedAddress.Resolve(settings.Ip, settings.Hostname, settings.HostnameLookup);
        var limits = HttpLimits.From(config);
        // Executors reach the agent at the advertised address, which MESOS_AGENT_ENDPOINT gives them.
        var advertised = settings with { Hostname = address.Hostname, Ip = address.Ip };
        // The docker containerizer is the host's: the library holds no Docker client.
        var docker = settings.Containerizer.Enabled(ContainerizerNames.Docker) ? new DockerContainerizer(settings.Containerizer) : null;
        var logFile = LogFile(settings.LogDir);
        var app = MesosWebHost.Create(AgentOperatorApi.ProcessName, settings.Ip, settings.Port, limits.MaxSmallBodyBytes, services => services
            .AddSingleton(s => new HttpMasterLink(settings.Masters, s.GetRequiredService<ILoggerFactory>().CreateLogger("Mesos.Agent.MasterLink")))
            .AddMesosActors("mesos-agent", config, (system, registry, resolver) =>
                registry.Register<AgentActor>(system.ActorOf(AgentActor.Props(advertised, resolver.GetService<HttpMasterLink>(), docker), "agent"))), logFile);
        var loggers = app.Services.GetRequiredService<ILoggerFactory>();
        var agent = app.Services.GetRequiredService<IRequiredActor<AgentActor>>();

        var bodies = new RequestBodies(limits);
        app.MapCommon(flags);
        var files = new AgentFileSystem(agent, logFile);
        app.MapAgentOperatorApi(agent, files, bodies, address.Ip, flags);
        app.MapMonitorEndpoints(agent);
        app.MapFiles(files);
        app.MapExecutorApi(agent, bodies);
        await app.StartAsync(cancel);
        StopWithoutAgent(agent.ActorRef, app.Services.GetRequiredService<ActorSystem>());
        agent.ActorRef.Tell(ExecutorApiReady.Instance);
        var log = loggers.CreateLogger("Mesos.Agent");
        log.LogInformation("Agent listening on {Ip}:{Port} as {Hostname}", address.Ip, settings.Port, address.Hostname);
        if (docker is not null) await DescribeDocker(docker, log, cancel);
        return new AgentProcess(app, docker);
    }

    /// <summary>
    /// Akka's default strategy stops, rather than restarts, an actor whose start failed or that was killed: without its
    /// agent actor the process would run on answering nothing, so it stops as after the agent actor's failure (exit
    /// status 1). A normal stop has given its own reason by the time the actor ends, and the first reason stands.
    /// </summary>
    private static void StopWithoutAgent(IActorRef agent, ActorSystem system) =>
        _ = agent.WatchAsync().ContinueWith(_ => CoordinatedShutdown.Get(system).Run(AgentActor.AgentFailed.Instance), TaskScheduler.Default);

    /// <summary>The agent actor.</summary>
    internal IActorRef Actor => _app.Services.GetRequiredService<IRequiredActor<AgentActor>>().ActorRef;

    // As Mesos' agent, which checks its docker at start; a missing engine is a warning here, and each Docker task fails with the reason.
    private static async Task DescribeDocker(DockerContainerizer docker, ILogger log, CancellationToken cancel)
    {
        try
        {
            log.LogInformation("Docker containerizer: {Engine}", await docker.DescribeEngineAsync(cancel));
        }
        catch (DockerUnavailableException e)
        {
            log.LogWarning("Docker containerizer: {Reason}; Docker tasks fail until the engine answers", e.Message);
        }
    }

    /// <summary>The agent's log file under <paramref name="logDir"/>, as Mesos' /slave/log serves it; null without a log dir.</summary>
    private static string? LogFile(string logDir)
    {
        if (string.IsNullOrEmpty(logDir)) return null;
        Directory.CreateDirectory(logDir);
        return Path.Combine(Path.GetFullPath(logDir), "mesos-agent.log");
    }

    /// <summary>Until the host is stopped, or the agent's actor system ends by itself (after --recover=cleanup, a checkpoint it could not write, or a failure of the agent actor).</summary>
    public Task WaitForShutdown(CancellationToken cancel) =>
        Task.WhenAny(_app.WaitForShutdownAsync(cancel), _app.Services.GetRequiredService<Akka.Actor.ActorSystem>().WhenTerminated);

    /// <summary>The process's exit status: what the agent's actor system ended for says (1 after a checkpoint it could not write or a failure of the agent actor), else 0.</summary>
    public int ExitCode => CoordinatedShutdown.Get(_app.Services.GetRequiredService<Akka.Actor.ActorSystem>()).ShutdownReason?.ExitCode ?? 0;

    public async ValueTask DisposeAsync()
    {
        await _app.StopActorsThenHost();
        await _app.DisposeAsync();
        _docker?.Dispose();
    }
}
