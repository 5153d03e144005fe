using Akka.Configuration;
using Mesos.Host.Frameworks;
using Mesos.Host.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Mesos.Host.Marathon.Api;
using Mesos.Host.Marathon.Events;
using Mesos.Host.Marathon.Scheduler;
using Mesos.Host.Marathon.Ui;

namespace Mesos.Host.Marathon;

/// <summary>
/// Marathon as a built-in framework process: its scheduler actor and its apps' entities (sharded, <see cref="AppEntity"/>) on
/// the app store, its REST API and event stream.
/// </summary>
internal static class MarathonProcess
{
    public const string StoreFileName = "marathon.db";

    /// <summary>
    /// Marathon on a master that does not lead: /ping answers, /v2/leader names the leader's Marathon (404 while none
    /// leads, as Marathon answers), and every other request is forwarded to the leader's, as Marathon forwards it.
    /// </summary>
    public static readonly FrameworkStandby.Definition Standby = new("marathon", "Marathon", (app, leader) =>
    {
        app.MapGet("/ping", (HttpContext c) => HttpAnswers.Text(c, StatusCodes.Status200OK, "pong"));
        app.MapGet("/v2/leader", (HttpContext c) =>
            FrameworkStandby.AnswerLeader(c, leader(), () => MarathonAnswers.Message(c, StatusCodes.Status404NotFound, "There is no leader")));
    }, LeaderProxy.Marathon);

    /// <param name="host">The ActorSystem of the master it runs in, or null for a system of its own (<see cref="FrameworkProcess"/>).</param>
    /// <exception cref="FormatException">The store or the masters are malformed.</exception>
    public static Task<FrameworkProcess> Start(Config config, MarathonSettings settings, IReadOnlyDictionary<string, string> flags, CancellationToken cancel,
        Akka.Actor.ActorSystem? host = null) =>
        FrameworkProcess.Start(config, settings.Process, Definition(settings), flags, cancel, host);

    /// <summary>Marathon as a master's ActorSystem hosts it: its store and its regions.</summary>
    /// <exception cref="FormatException">The store is malformed.</exception>
    public static FrameworkProcess.Hosted Hosting(MarathonSettings settings) => Definition(settings).Hosting(settings.Process);

    private static FrameworkProcess.Definition<MarathonActor> Definition(MarathonSettings settings)
    {
        var bus = new MarathonEventBus();
        return new FrameworkProcess.Definition<MarathonActor>("marathon", "Marathon", settings.FrameworkName, "apps", StoreFileName, MarathonSerializer.Config,
            [new FrameworkSharding.EntityType(AppEntity.TypeName, id => AppEntity.Props(id, FrameworkSharding.Plugins("marathon")))],
            context => MarathonActor.Props("marathon-scheduler", context.Region(AppEntity.TypeName), id => MarathonFramework.Props(context.Subscription(id)), bus,
                settings.ReconciliationInterval, context.Journal),
            (app, marathon, context) =>
            {
                app.MapMarathonApi(marathon, context.Bodies, bus, new MarathonInfo(settings.FrameworkName, context.Leader, settings.Process.Master));
                app.MapMarathonUi();
            });
    }
}
