using Akka.Actor;
using Mesos.Host.Frameworks;
using Mesos.Host.Marathon.State;

namespace Mesos.Host.Marathon.Scheduler;

/// <summary>Marathon's journal events, and the messages its scheduler and app entities exchange between masters, as JSON.</summary>
public sealed class MarathonSerializer(ExtendedActorSystem system) : JsonEventSerializer(system, Id, "Marathon",
    [typeof(AppSaved), typeof(AppRemoved), typeof(DeploymentStarted), typeof(DeploymentEnded), typeof(InstanceLaunched), typeof(InstanceChanged), typeof(FrameworkRegistered),
        typeof(GroupSaved), typeof(GroupRemoved), typeof(AppListed), typeof(AppUnlisted),
        typeof(AppEntity.Record), typeof(AppEntity.Recorded), typeof(AppEntity.GetRecord), typeof(AppEntity.Forget), typeof(AppRecord)])
{
    private const int Id = 8080;

    /// <summary>The HOCON that binds the events and the entities' messages to this serializer.</summary>
    public static string Config { get; } = Binding<MarathonSerializer, MarathonEvent>("mesos-marathon", Id) + "\n"
        + Binding<MarathonSerializer, AppEntity.IMessage>("mesos-marathon", Id) + "\n" + Binding<MarathonSerializer, AppRecord>("mesos-marathon", Id);
}
