using Mesos.Internal;
using Akka.Event;

namespace Mesos.Actors.Agent;

internal static class MasterLinkExtensions
{
    /// <summary>
    /// Sends without waiting: every call the agent makes is either retried on its own schedule
    /// (SUBSCRIBE, UPDATE) or harmless to lose (PONG), so a failure is only logged.
    /// </summary>
    public static void Post(this IMasterLink link, AgentCall call, ILoggingAdapter log)
    {
        Task sending;
        try
        {
            sending = link.SendAsync(call);
        }
        catch (Exception e)
        {
            sending = Task.FromException(e);
        }
        sending.ContinueWith(t => log.Warning(t.Exception!.GetBaseException(), "Sending {Call} to the master failed", call.Type),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
