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

    /// <exception cref="FormatException">The store or the masters are malformed.</exception>
    public static Task<FrameworkProcess> Start(Config config, ChronosSettings settings, IReadOnlyDictionary<string, string> flags, CancellationToken cancel) =>
        FrameworkProcess.Start(config, settings.Process, new FrameworkProcess.Definition<ChronosActor>("chronos", "Chronos", "chronos", "jobs", StoreFileName, ChronosSerializer.Config,
            context => ChronosActor.Props("chronos", id => ChronosFramework.Props(context.Subscription(id)), context.Journal, ChronosNotifier.Props(settings.HttpNotificationUrl, settings.Mail)),
            (app, chronos, context) =>
            {
                app.MapChronosApi(chronos, context.Bodies, context.Leader);
                app.MapChronosUi();
            }), flags, cancel);
}
