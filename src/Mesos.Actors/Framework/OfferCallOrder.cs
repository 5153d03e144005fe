using Mesos.V1.Scheduler;
using Task = System.Threading.Tasks.Task;

namespace Mesos.Actors.Framework;

/// <summary>
/// Keeps the calls that set and clear offer filters in the order the framework makes them. Calls go to the
/// master over several connections at once, so a later call can overtake an earlier one: a REVIVE that
/// overtook a DECLINE with a long filter would be undone by it, and the framework would get no offers for
/// as long as the filter lasts. So REVIVE and SUPPRESS wait for the ACCEPTs and DECLINEs made before them,
/// and those made after wait for the REVIVE or SUPPRESS; ACCEPTs and DECLINEs between two of them go
/// together, as do the calls that touch no filter. Used from the actor's thread only.
/// </summary>
internal sealed class OfferCallOrder
{
    private readonly List<Task> _sinceToggle = [];
    private Task _lastToggle = Task.CompletedTask;

    public Task Send(Call.Types.Type type, Func<Task> send)
    {
        switch (type)
        {
            case Call.Types.Type.Revive or Call.Types.Type.Suppress:
                var before = Task.WhenAll([.. _sinceToggle, _lastToggle]);
                _sinceToggle.Clear();
                return _lastToggle = After(before, send);
            case Call.Types.Type.Accept or Call.Types.Type.Decline:
                _sinceToggle.RemoveAll(t => t.IsCompleted);
                var sent = After(_lastToggle, send);
                _sinceToggle.Add(sent);
                return sent;
            default:
                return send();
        }
    }

    // An earlier call's failure is reported by that call's own task; this one is sent all the same.
    private static Task After(Task before, Func<Task> send) => before.IsCompleted ? send() : Sent(before, send);

    private static async Task Sent(Task before, Func<Task> send)
    {
        await Task.WhenAny(before).ConfigureAwait(false);
        await send().ConfigureAwait(false);
    }
}
