using Akka.Actor;
using Mesos.Host.Frameworks;
using Mesos.Host.Marathon.State;

namespace Mesos.Host.Marathon.Scheduler;

/// <summary>Marathon's journal events as JSON.</summary>
public sealed class MarathonSerializer(ExtendedActorSystem system) : JsonEventSerializer(system, Id, "Marathon",
    [typeof(AppSaved), typeof(AppRemoved), typeof(DeploymentStarted), typeof(DeploymentEnded), typeof(InstanceLaunched), typeof(InstanceChanged), typeof(FrameworkRegistered),
        typeof(GroupSaved), typeof(GroupRemoved)])
{
    private const int Id = 8080;

    /// <summary>The HOCON that binds the events to this serializer.</summary>
    public static string Config { get; } = Binding<MarathonSerializer, MarathonEvent>("mesos-marathon", Id);
}
