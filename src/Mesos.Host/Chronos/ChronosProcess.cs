using Akka.Actor;
using Akka.Configuration;
using Mesos.Host.Chronos.Api;
using Mesos.Host.Chronos.Scheduler;
using Mesos.Host.Chronos.Ui;
using Mesos.Host.Frameworks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Mesos.Host.Chronos;

/// <summary>Chronos as a built-in framework process: its scheduler actor on the job store, its REST API and its page.</summary>
internal static class ChronosProcess
{
    public const string StoreFileName = "chronos.db";

    /// <summary>Chronos on a master that does not lead: /leader names the leader's Chronos, and every other request goes to it, as Chronos redirects.</summary>
    public static readonly FrameworkStandby.Definition Standby = new("chronos", "Chronos", (app, leader) =>
        app.MapGet("/leader", (HttpContext c) => FrameworkStandby.AnswerLeader(c, leader(), () => FrameworkStandby.NoLeader(c, "Chronos"))));

    /// <param name="host">The ActorSystem of the master it runs in, or null for a system of its own (<see cref="FrameworkProcess"/>).</param>
    /// <exception cref="FormatException">The store or the masters are malformed.</exception>
    public static Task<FrameworkProcess> Start(Config config, ChronosSettings settings, IReadOnlyDictionary<string, string> flags, CancellationToken cancel,
        Akka.Actor.ActorSystem? host = null) =>
        FrameworkProcess.Start(config, settings.Process, Definition(settings), flags, cancel, host);

    /// <summary>Chronos as a master's ActorSystem hosts it: its store and its regions.</summary>
    /// <exception cref="FormatException">The store is malformed.</exception>
    public static FrameworkProcess.Hosted Hosting(ChronosSettings settings) => Definition(settings).Hosting(settings.Process);

    private static FrameworkProcess.Definition<ChronosActor> Definition(ChronosSettings settings) =>
        new("chronos", "Chronos", "chronos", "jobs", StoreFileName, ChronosSerializer.Config + "\n" + ChronosMessageSerializer.Config,
            [new FrameworkSharding.EntityType(JobEntity.TypeName, name => JobEntity.Props(name, FrameworkSharding.Plugins("chronos")))],
            context => ChronosActor.Props("chronos", id => ChronosFramework.Props(context.Subscription(id)), context.Region(JobEntity.TypeName), context.Journal,
                ChronosNotifier.Props(settings.HttpNotificationUrl, settings.Mail)),
            (app, chronos, context) =>
            {
                // The region exists once the system has started, after the endpoints are mapped.
                app.MapChronosApi(chronos, new Lazy<IActorRef>(() => context.Region(JobEntity.TypeName)), context.Bodies, context.Leader);
                app.MapChronosUi();
            });
}
