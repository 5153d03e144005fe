using System.Threading.Channels;
using Akka.Actor;
using Mesos.Actors.Master.Agents;
using Mesos.Actors.Tests.TestKit;
using Mesos.Internal;
using Mesos.V1;

namespace Mesos.Actors.Tests.Master.Agents;

/// <summary>
/// An agent session as the master's child, the test actor standing in for the master: it decides when the
/// <see cref="AgentSession.PingDue"/> the session sends goes back, as a busy master's mailbox would.
/// </summary>
public sealed class AgentSessionTests() : Akka.TestKit.Xunit2.TestKit(VirtualTime.OnCallingThread)
{
    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(15);
    private const int MaxMissed = 5;

    private readonly Channel<AgentEvent> _events = Channel.CreateUnbounded<AgentEvent>();

    private IActorRef Attached()
    {
        var session = ChildActorOf(Props.Create(() => new AgentSession(new AgentID { Value = "a1" }, PingTimeout, MaxMissed, 1UL)));
        session.Tell(new AgentSession.Attach("s1", _events.Writer, new AgentEvent { Type = AgentEvent.Types.Type.Subscribed }), TestActor);
        return session;
    }

    private ulong NextPing()
    {
        this.Clock().Advance(PingTimeout);
        var events = new List<AgentEvent>();
        while (_events.Reader.TryRead(out var e)) events.Add(e);
        return events.Single(e => e.Type == AgentEvent.Types.Type.Ping).Ping.Sequence;
    }

    [Fact]
    public void A_pong_the_master_received_before_the_ping_was_judged_counts_however_long_the_master_took()
    {
        var session = Attached();
        var ping = NextPing();

        // The master is busy: the ping falls due, and stays due for far longer than the ping timeout allows.
        this.Clock().Advance(PingTimeout);
        var due = ExpectMsg<AgentSession.PingDue>();
        due.Sequence.Should().Be(ping);
        this.Clock().Advance(PingTimeout * (MaxMissed + 1));
        ExpectNoMsg(TimeSpan.Zero);

        // It hands on the agent's PONG, which was queued before the verdict, then the verdict.
        session.Tell(new AgentSession.Pong(ping), TestActor);
        session.Tell(due, TestActor);
        _events.Reader.TryRead(out var next).Should().BeTrue("the next ping goes once the verdict is in");
        next!.Type.Should().Be(AgentEvent.Types.Type.Ping);
        ExpectNoMsg(TimeSpan.Zero);
    }

    [Fact]
    public void An_agent_whose_pongs_never_come_is_unreachable_after_the_maximum_of_missed_pings()
    {
        var session = Attached();
        NextPing();
        for (var missed = 1; missed <= MaxMissed; missed++)
        {
            this.Clock().Advance(PingTimeout);
            session.Tell(ExpectMsg<AgentSession.PingDue>(), TestActor);
        }
        ExpectMsg<AgentUnreachable>().AgentId.Value.Should().Be("a1");
    }
}
