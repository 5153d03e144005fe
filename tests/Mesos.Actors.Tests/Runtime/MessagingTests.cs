using Mesos.Actors.Runtime;

namespace Mesos.Actors.Tests.Runtime;

public sealed class MessagingTests : Mesos.TestKit.TestKit
{
    [Fact]
    public void An_actor_replies_to_the_sender()
    {
        var echo = Sys.ActorOf(Props.Create(() => new EchoActor()), "echo");
        echo.Tell("hello", TestActor);
        ExpectMsg("hello");
        LastSender.Should().Be(echo);
    }

    [Fact]
    public void Messages_from_one_sender_to_one_receiver_arrive_in_the_order_sent()
    {
        var echo = Sys.ActorOf(Props.Create(() => new EchoActor()));
        for (var i = 0; i < 10_000; i++) echo.Tell(i, TestActor);
        for (var i = 0; i < 10_000; i++) ExpectMsg(i);
    }

    [Fact]
    public void Per_pair_order_holds_for_many_concurrent_senders()
    {
        var echo = Sys.ActorOf(Props.Create(() => new EchoActor()));
        var probes = Enumerable.Range(0, 4).Select(_ => CreateTestProbe()).ToArray();
        Parallel.ForEach(probes, probe =>
        {
            for (var i = 0; i < 2_000; i++) echo.Tell(i, probe.Ref);
        });
        foreach (var probe in probes)
        {
            for (var i = 0; i < 2_000; i++) probe.ExpectMsg(i);
        }
    }

    [Fact]
    public async Task Ask_completes_with_the_reply()
    {
        var echo = Sys.ActorOf(Props.Create(() => new EchoActor()));
        (await echo.Ask<string>("ping", TimeSpan.FromSeconds(3))).Should().Be("ping");
    }
}
