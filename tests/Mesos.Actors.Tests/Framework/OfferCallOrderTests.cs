using Mesos.Actors.Framework;
using Mesos.V1.Scheduler;
using Task = System.Threading.Tasks.Task;
using CallType = Mesos.V1.Scheduler.Call.Types.Type;

namespace Mesos.Actors.Tests.Framework;

public sealed class OfferCallOrderTests
{
    private readonly OfferCallOrder _order = new();
    private readonly List<string> _sent = [];

    /// <summary>Sends a call that stays in flight until the returned source completes it.</summary>
    private TaskCompletionSource InFlight(CallType type)
    {
        var answer = new TaskCompletionSource();
        _order.Send(type, () =>
        {
            lock (_sent) _sent.Add(type.ToString());
            return answer.Task;
        });
        return answer;
    }

    /// <summary>The calls sent so far, once they are <paramref name="expected"/> (a later call is sent on the thread that answered the earlier).</summary>
    private void SentAre(params string[] expected)
    {
        SpinWait.SpinUntil(() => { lock (_sent) return _sent.SequenceEqual(expected); }, TimeSpan.FromSeconds(10));
        lock (_sent) _sent.Should().Equal(expected);
    }

    [Fact]
    public void A_revive_waits_for_the_declines_made_before_it_and_accepts_made_after_it_wait_for_the_revive()
    {
        var decline = InFlight(CallType.Decline);
        var revive = InFlight(CallType.Revive);
        InFlight(CallType.Accept);

        SentAre("Decline");
        decline.SetResult();
        SentAre("Decline", "Revive");
        revive.SetResult();
        SentAre("Decline", "Revive", "Accept");
    }

    [Fact]
    public void Declines_between_two_revives_and_calls_that_touch_no_filter_go_at_once()
    {
        InFlight(CallType.Decline);
        InFlight(CallType.Accept);
        InFlight(CallType.Acknowledge);
        InFlight(CallType.Reconcile);

        SentAre("Decline", "Accept", "Acknowledge", "Reconcile");
    }

    [Fact]
    public void A_failed_decline_does_not_hold_back_the_revive_after_it()
    {
        var decline = InFlight(CallType.Decline);
        InFlight(CallType.Suppress);

        decline.SetException(new TimeoutException("no answer"));

        SentAre("Decline", "Suppress");
    }
}
