using Mesos.V1.Scheduler;

using static Mesos.Actors.Framework.SchedulerEvent;

namespace Mesos.Actors.Framework;

public abstract partial class SchedulerActor
{
    private sealed record Connect
    {
        public static Connect Instance { get; } = new();
    }

    private sealed record CheckHeartbeat
    {
        public static CheckHeartbeat Instance { get; } = new();
    }

    private sealed record StreamOpened(int Generation, SchedulerStream Stream);

    private sealed record SubscriptionFailed(int Generation, MasterAddress Master, Exception Cause);

    private sealed record EventArrived(int Generation, Event Event);

    private sealed record StreamEnded(int Generation, string Reason);
}
