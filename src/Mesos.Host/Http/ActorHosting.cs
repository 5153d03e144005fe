using Akka.Actor;
using Akka.Configuration;
using Akka.DependencyInjection;
using Akka.Hosting;
using Mesos.Actors.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Mesos.Host.Http;

/// <summary>
/// The ActorSystem of a master or an agent process, hosted by Akka.Hosting beside Kestrel: its
/// config is ours (falling back on reference.conf), it logs through Microsoft.Extensions.Logging,
/// and the actors it starts are registered for the endpoints to find.
/// </summary>
internal static class ActorHosting
{
    public static IServiceCollection AddMesosActors(this IServiceCollection services, string systemName, Config config,
        Action<ActorSystem, IActorRegistry, IDependencyResolver> startActors) =>
        services.AddAkka(systemName, builder =>
        {
            builder.AddHocon(ReferenceConfig.WithDefaults(config), HoconAddMode.Prepend);
            builder.ConfigureLoggers(loggers =>
            {
                loggers.ClearLoggers();
                loggers.AddLoggerFactory();
            });
            builder.WithActors(startActors);
        });
}
