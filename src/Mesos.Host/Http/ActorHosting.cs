using Akka.Actor;
using Akka.Configuration;
using Akka.DependencyInjection;
using Akka.Hosting;
using Mesos.Actors.Settings;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Mesos.Host.Http;

/// <summary>
/// The ActorSystem of a master or an agent process, hosted by Akka.Hosting beside Kestrel: its
/// config is ours (falling back on reference.conf), it logs through Microsoft.Extensions.Logging,
/// and the actors it starts are registered for the endpoints to find.
/// </summary>
internal static class ActorHosting
{
    /// <param name="configure">What the process adds to its ActorSystem (a master its registry's persistence plugins).</param>
    public static IServiceCollection AddMesosActors(this IServiceCollection services, string systemName, Config config,
        Action<ActorSystem, IActorRegistry, IDependencyResolver> startActors, Action<AkkaConfigurationBuilder>? configure = null) =>
        services.AddAkka(systemName, builder =>
        {
            builder.AddHocon(ReferenceConfig.WithDefaults(config), HoconAddMode.Prepend);
            configure?.Invoke(builder);
            builder.ConfigureLoggers(loggers =>
            {
                loggers.ClearLoggers();
                // The factory's setup reaches our logger, which writes under each actor's path.
                loggers.AddLoggerFactory();
                loggers.ClearLoggers();
                loggers.AddLogger<MicrosoftLogger>();
            });
            builder.WithActors(startActors);
        });

    /// <summary>
    /// Stops a host: its actors first, through CoordinatedShutdown, so that the sessions complete
    /// their event streams and Kestrel's graceful stop finds no subscription still open; then Kestrel.
    /// </summary>
    public static async Task StopActorsThenHost(this WebApplication app)
    {
        var system = app.Services.GetRequiredService<ActorSystem>();
        await CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClrExitReason.Instance);
        await app.StopAsync();
    }
}
