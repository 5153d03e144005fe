using Mesos.Actors.Runtime;

namespace Mesos.Actors.Tests.Runtime;

public sealed class ReceiveAsyncTests : Mesos.TestKit.TestKit
{
    [Fact]
    public void ReceiveAsync_keeps_message_order_and_the_sender_across_awaits()
    {
        var actor = Sys.ActorOf(Props.Create(() => new AsyncActor()));
        for (var i = 0; i < 50; i++) actor.Tell(i, TestActor);
        for (var i = 0; i < 50; i++)
        {
            ExpectMsg($"start {i}");
            ExpectMsg($"end {i}");
            LastSender.Should().Be(actor);
        }
    }

    [Fact]
    public void No_other_message_is_processed_while_an_async_handler_waits()
    {
        var gate = new TaskCompletionSource();
        var actor = Sys.ActorOf(Props.Create(() => new GatedActor(gate.Task)));
        actor.Tell("wait", TestActor);
        actor.Tell("next", TestActor);
        ExpectMsg("waiting");
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        gate.SetResult();
        ExpectMsg("done");
        ExpectMsg("next");
    }

    [Fact]
    public void A_fault_after_an_await_is_a_failure_of_the_actor()
    {
        var actor = Sys.ActorOf(Props.Create(() => new FaultyAsyncActor()));
        Watch(actor);
        actor.Tell("count", TestActor);
        ExpectMsg(1);
        actor.Tell("fail", TestActor);
        actor.Tell("count", TestActor);
        ExpectMsg(1, TimeSpan.FromSeconds(3));
    }

    private sealed class AsyncActor : ReceiveActor
    {
        public AsyncActor() =>
            ReceiveAsync<int>(async i =>
            {
                var sender = Sender;
                sender.Tell($"start {i}", Self);
                await Task.Yield();
                await Task.Run(() => { });
                Sender.Should().Be(sender, "the sender is restored after an await");
                Sender.Tell($"end {i}", Self);
            });
    }

    private sealed class GatedActor : ReceiveActor
    {
        public GatedActor(Task gate)
        {
            ReceiveAsync<string>(s => s == "wait", async _ =>
            {
                Sender.Tell("waiting", Self);
                await gate;
                Sender.Tell("done", Self);
            });
            Receive<string>(s => Sender.Tell(s, Self));
        }
    }

    private sealed class FaultyAsyncActor : ReceiveActor
    {
        private int _count;

        public FaultyAsyncActor()
        {
            Receive<string>(s => s == "count", _ => Sender.Tell(++_count, Self));
            ReceiveAsync<string>(async _ =>
            {
                await Task.Yield();
                throw new InvalidOperationException("async failure");
            });
        }
    }
}
