using Akka.Configuration;
using Akka.Hosting;
using Mesos.Actors.Framework;
using Mesos.Host.Chronos.Api;
using Mesos.Host.Chronos.Scheduler;
using Mesos.Host.Chronos.Ui;
using Mesos.Host.Http;
using Mesos.Host.Master.Registry;
using FrameworkID = Mesos.V1.FrameworkID;
using FrameworkInfo = Mesos.V1.FrameworkInfo;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mesos.Host.Chronos;

/// <summary>A running Chronos: its scheduler actor on the job store, its framework, and its REST API.</summary>
internal sealed class ChronosProcess : IAsyncDisposable
{
    public const string StoreFileName = "chronos.db";
    private static readonly (string, string) SqlPlugins = ("akka.persistence.journal.sql", "akka.persistence.snapshot-store.sql");

    private readonly WebApplication _app;

    private ChronosProcess(WebApplication app)
    {
        _app = app;
    }

    /// <exception cref="FormatException">The store or the masters are malformed.</exception>
    public static async Task<ChronosProcess> Start(Config config, ChronosSettings settings, IReadOnlyDictionary<string, string> flags, CancellationToken cancel)
    {
        var store = RegistryStore.Resolve(settings.Store, settings.WorkDir, "store", StoreFileName);
        var masters = MasterAddress.ParseList(settings.Master);
        var address = AdvertisedAddress.Resolve(settings.Ip, settings.Hostname, lookup: true);
        var info = new FrameworkInfo
        {
            Name = "chronos",
            User = Environment.UserName,
            Hostname = address.Hostname,
            FailoverTimeout = settings.FailoverTimeout.TotalSeconds,
            Checkpoint = true,
            WebuiUrl = $"http://{address.Hostname}:{settings.HttpPort}",
        };
        var limits = HttpLimits.From(config);
        var chronosConfig = ConfigurationFactory.ParseString(ChronosSerializer.Config).WithFallback(config);
        var app = MesosWebHost.Create("chronos", settings.Ip, settings.HttpPort, limits.MaxSmallBodyBytes, services => services.AddMesosActors("chronos", chronosConfig,
            (system, registry, _) => registry.Register<ChronosActor>(system.ActorOf(ChronosActor.Props("chronos", id => ChronosFramework.Props(new SchedulerSettings(masters, WithId(info, id))), SqlPlugins,
                ChronosNotifier.Props(settings.HttpNotificationUrl, settings.Mail)), "chronos")),
            builder => store.AddTo(builder)));
        app.MapCommon(flags.ToDictionary(f => f.Key, f => f.Key switch
        {
            "store" => RegistryStore.Redact(f.Value),
            "mail_password" when f.Value.Length > 0 => "********",
            _ => f.Value,
        }));
        app.MapChronosApi(app.Services.GetRequiredService<IRequiredActor<ChronosActor>>(), new RequestBodies(limits), $"{address.Hostname}:{settings.HttpPort}");
        app.MapChronosUi();
        await app.StartAsync(cancel);
        app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Mesos.Chronos")
            .LogInformation("Chronos listening on {Ip}:{Port}, jobs in {Store}, masters {Masters}", address.Ip, settings.HttpPort, store.Description, settings.Master);
        return new ChronosProcess(app);
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
