using Mesos.Actors.Runtime;

namespace Mesos.Actors.Tests.Runtime;

public sealed class AskTests() : Mesos.TestKit.TestKit(new() { Deterministic = true })
{
    [Fact]
    public async Task Ask_times_out_with_AskTimeoutException()
    {
        var silent = Sys.ActorOf(Props.Create(() => new SilentActor()));
        var reply = silent.Ask<string>("hello?", TimeSpan.FromSeconds(2));
        Advance(TimeSpan.FromSeconds(1));
        reply.IsCompleted.Should().BeFalse();
        Advance(TimeSpan.FromSeconds(1));
        var wait = () => reply;
        await wait.Should().ThrowAsync<AskTimeoutException>().WithMessage("*after [2000 ms]*");
    }

    [Fact]
    public async Task Ask_can_be_cancelled()
    {
        var silent = Sys.ActorOf(Props.Create(() => new SilentActor()));
        using var cancel = new CancellationTokenSource();
        var reply = silent.Ask<string>("hello?", TimeSpan.FromMinutes(1), cancel.Token);
        await cancel.CancelAsync();
        var wait = () => reply;
        await wait.Should().ThrowAsync<TaskCanceledException>();
    }

    [Fact]
    public async Task A_Status_Failure_reply_fails_the_Ask_with_its_cause()
    {
        var echo = Sys.ActorOf(Props.Create(() => new EchoActor()));
        var reply = echo.Ask<string>(new Status.Failure(new InvalidOperationException("no")), TimeSpan.FromSeconds(1));
        RunUntilIdle();
        var wait = () => reply;
        await wait.Should().ThrowAsync<InvalidOperationException>().WithMessage("no");
    }

    [Fact]
    public async Task A_reply_of_the_wrong_type_fails_the_Ask()
    {
        var echo = Sys.ActorOf(Props.Create(() => new EchoActor()));
        var reply = echo.Ask<string>(42, TimeSpan.FromSeconds(1));
        RunUntilIdle();
        var wait = () => reply;
        await wait.Should().ThrowAsync<InvalidCastException>();
    }

    [Fact]
    public void PipeTo_tells_the_result_or_a_Status_Failure()
    {
        Task.FromResult("done").PipeTo(TestActor);
        ExpectMsg("done");
        Task.FromException<string>(new InvalidOperationException("failed")).PipeTo(TestActor);
        ExpectMsg<Status.Failure>().Cause.Message.Should().Be("failed");
        Task.FromCanceled<string>(new CancellationToken(true)).PipeTo(TestActor);
        ExpectMsg<Status.Failure>().Cause.Should().BeOfType<TaskCanceledException>();
    }

    [Fact]
    public void Forward_keeps_the_original_sender()
    {
        var echo = Sys.ActorOf(Props.Create(() => new EchoActor()));
        var forwarder = Sys.ActorOf(Props.Create(() => new Forwarder(echo)));
        forwarder.Tell("via", TestActor);
        ExpectMsg("via");
        LastSender.Should().Be(echo);
    }

    private sealed class SilentActor : ReceiveActor
    {
        public SilentActor() => ReceiveAny(_ => { });
    }

    private sealed class Forwarder : ReceiveActor
    {
        public Forwarder(IActorRef target) => ReceiveAny(m => target.Forward(m));
    }
}
