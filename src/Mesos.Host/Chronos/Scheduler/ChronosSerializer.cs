using Akka.Actor;
using Mesos.Host.Chronos.Runs;
using Mesos.Host.Frameworks;

namespace Mesos.Host.Chronos.Scheduler;

/// <summary>Chronos' journal events as JSON; instants as Unix ticks.</summary>
public sealed class ChronosSerializer(ExtendedActorSystem system) : JsonEventSerializer(system, Id, "Chronos",
    [typeof(JobSaved), typeof(JobDeleted), typeof(ScheduleHandled), typeof(RunStarted), typeof(RunEnded), typeof(JobMarkedSucceeded), typeof(FrameworkRegistered),
        typeof(ParentSucceeded), typeof(DependentsTold), typeof(JobListed), typeof(JobUnlisted)],
    new InstantJsonConverter())
{
    private const int Id = 4400;

    /// <summary>The HOCON that binds the events to this serializer.</summary>
    public static string Config { get; } = Binding<ChronosSerializer, ChronosEvent>("mesos-chronos", Id);
}
