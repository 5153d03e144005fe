using Akka.Configuration;
using Akka.Hosting;
using Mesos.Actors.Framework;
using Mesos.Host.Http;
using Mesos.Host.Marathon.Api;
using Mesos.Host.Marathon.Events;
using Mesos.Host.Marathon.Scheduler;
using Mesos.Host.Master.Registry;
using FrameworkID = Mesos.V1.FrameworkID;
using FrameworkInfo = Mesos.V1.FrameworkInfo;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mesos.Host.Marathon;

/// <summary>A running Marathon: its scheduler actor on the app store, its framework, and its REST API.</summary>
internal sealed class MarathonProcess : IAsyncDisposable
{
    public const string StoreFileName = "marathon.db";
    private static readonly (string, string) SqlPlugins = ("akka.persistence.journal.sql", "akka.persistence.snapshot-store.sql");

    private readonly WebApplication _app;

    private MarathonProcess(WebApplication app)
    {
        _app = app;
    }

    /// <exception cref="FormatException">The store or the masters are malformed.</exception>
    public static async Task<MarathonProcess> Start(Config config, MarathonSettings settings, IReadOnlyDictionary<string, string> flags, CancellationToken cancel)
    {
        var store = RegistryStore.Resolve(settings.Store, settings.WorkDir, "store", StoreFileName);
        var masters = MasterAddress.ParseList(settings.Master);
        var address = AdvertisedAddress.Resolve(settings.Ip, settings.Hostname, lookup: true);
        var leader = $"{address.Hostname}:{settings.HttpPort}";
        var info = new FrameworkInfo
        {
            Name = settings.FrameworkName,
            User = Environment.UserName,
            Hostname = address.Hostname,
            FailoverTimeout = settings.FailoverTimeout.TotalSeconds,
            Checkpoint = true,
            WebuiUrl = $"http://{leader}",
        };
        var bus = new MarathonEventBus();
        var limits = HttpLimits.From(config);
        var marathonConfig = ConfigurationFactory.ParseString(MarathonSerializer.Config).WithFallback(config);
        var app = MesosWebHost.Create("marathon", settings.Ip, settings.HttpPort, limits.MaxSmallBodyBytes, services => services.AddMesosActors("marathon", marathonConfig,
            (system, registry, _) => registry.Register<MarathonActor>(system.ActorOf(MarathonActor.Props("marathon",
                id => MarathonFramework.Props(new SchedulerSettings(masters, WithId(info, id))), bus, settings.ReconciliationInterval, SqlPlugins), "marathon")),
            builder => store.AddTo(builder)));
        app.MapCommon(flags.ToDictionary(f => f.Key, f => f.Key == "store" ? RegistryStore.Redact(f.Value) : f.Value));
        app.MapMarathonApi(app.Services.GetRequiredService<IRequiredActor<MarathonActor>>(), new RequestBodies(limits), bus, new MarathonInfo(settings.FrameworkName, leader, settings.Master));
        await app.StartAsync(cancel);
        app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Mesos.Marathon")
            .LogInformation("Marathon listening on {Ip}:{Port}, apps in {Store}, masters {Masters}", address.Ip, settings.HttpPort, store.Description, settings.Master);
        return new MarathonProcess(app);
    }

    public Task WaitForShutdown(CancellationToken cancel) => _app.WaitForShutdownAsync(cancel);

    private static FrameworkInfo WithId(FrameworkInfo info, string? id)
    {
        var framework = info.Clone();
        if (id is not null) framework.Id = new FrameworkID { Value = id };
        return framework;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopActorsThenHost();
        await _app.DisposeAsync();
    }
}
