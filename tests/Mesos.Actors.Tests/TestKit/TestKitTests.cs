using Mesos.Actors.Runtime;
using Xunit.Sdk;

namespace Mesos.Actors.Tests.TestKit;

public sealed class TestKitTests : Mesos.TestKit.TestKit
{
    [Fact]
    public void ExpectMsg_fails_on_the_wrong_message_and_on_timeout()
    {
        TestActor.Tell("one", null);
        var wrongType = () => ExpectMsg<int>();
        wrongType.Should().Throw<XunitException>().WithMessage("*got String*");
        var timeout = () => ExpectMsg<string>(TimeSpan.FromMilliseconds(50));
        timeout.Should().Throw<XunitException>().WithMessage("Timeout*");
    }

    [Fact]
    public void FishForMessage_skips_until_the_predicate_holds()
    {
        foreach (var m in new object[] { 1, "skip", 2, "found" }) TestActor.Tell(m, null);
        FishForMessage(m => m is "found").Should().Be("found");
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void Probes_reply_to_the_last_sender()
    {
        var probe = CreateTestProbe();
        probe.Ref.Tell("question", TestActor);
        probe.ExpectMsg("question");
        probe.Reply("answer");
        ExpectMsg("answer");
        LastSender.Should().Be(probe.Ref);
    }

    [Fact]
    public void Within_shares_its_deadline_with_the_expectations_inside()
    {
        var waitTooLong = () => Within(TimeSpan.FromMilliseconds(100), () => ExpectMsg<string>());
        waitTooLong.Should().Throw<XunitException>();
    }

    [Fact]
    public void AwaitCondition_and_AwaitAssert_wait_for_a_condition_with_a_deadline()
    {
        var flag = 0;
        Task.Run(() => Interlocked.Exchange(ref flag, 1));
        AwaitCondition(() => Volatile.Read(ref flag) == 1, TimeSpan.FromSeconds(3));
        AwaitAssert(() => Volatile.Read(ref flag).Should().Be(1), TimeSpan.FromSeconds(3));
        var never = () => AwaitCondition(() => false, TimeSpan.FromMilliseconds(50));
        never.Should().Throw<XunitException>();
    }
}
