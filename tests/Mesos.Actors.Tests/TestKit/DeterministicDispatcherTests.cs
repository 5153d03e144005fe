using Mesos.Actors.Runtime;
using Mesos.TestKit;

namespace Mesos.Actors.Tests.TestKit;

public sealed class DeterministicDispatcherTests
{
    /// <summary>Three actors each tell a shared recorder their own messages; the recorder's order is the interleaving.</summary>
    private static IReadOnlyList<string> Interleaving(int seed)
    {
        var dispatcher = new DeterministicDispatcher(seed);
        var system = ActorSystem.Create("det", setup: new ActorSystemSetup { Dispatcher = dispatcher, TimeProvider = new ManualTimeProvider() });
        var trace = new List<string>();
        var recorder = system.ActorOf(Props.Create(() => new Recorder(trace)));
        var senders = Enumerable.Range(0, 3).Select(i => system.ActorOf(Props.Create(() => new Sender(recorder)), $"s{i}")).ToArray();
        foreach (var sender in senders)
        {
            for (var m = 0; m < 5; m++) sender.Tell(m, null);
        }
        dispatcher.RunUntilIdle();
        system.Terminate();
        dispatcher.RunUntil(() => system.WhenTerminated.IsCompleted);
        return trace;
    }

    [Fact]
    public void The_same_seed_replays_the_same_interleaving()
    {
        for (var seed = 0; seed < 20; seed++) Interleaving(seed).Should().Equal(Interleaving(seed));
    }

    [Fact]
    public void Different_seeds_explore_different_interleavings()
    {
        Enumerable.Range(0, 20).Select(seed => string.Join(",", Interleaving(seed))).Distinct().Count().Should().BeGreaterThan(10);
    }

    [Fact]
    public void Per_pair_order_holds_in_every_interleaving()
    {
        for (var seed = 0; seed < 50; seed++)
        {
            var trace = Interleaving(seed);
            trace.Should().HaveCount(15);
            foreach (var sender in new[] { "s0", "s1", "s2" })
            {
                trace.Where(t => t.StartsWith(sender, StringComparison.Ordinal)).Should().Equal(Enumerable.Range(0, 5).Select(m => $"{sender}:{m}"));
            }
        }
    }

    [Fact]
    public void RunUntilIdle_reports_a_livelock_with_the_seed()
    {
        var dispatcher = new DeterministicDispatcher(seed: 7);
        var system = ActorSystem.Create("loop", setup: new ActorSystemSetup { Dispatcher = dispatcher });
        var looper = system.ActorOf(Props.Create(() => new Looper()));
        looper.Tell("go", null);
        var run = () => dispatcher.RunUntilIdle(maxSteps: 1_000);
        run.Should().Throw<InvalidOperationException>().WithMessage("*seed 7*");
    }

    private sealed class Recorder : ReceiveActor
    {
        public Recorder(List<string> trace) => Receive<string>(trace.Add);
    }

    private sealed class Sender : ReceiveActor
    {
        public Sender(IActorRef recorder) => Receive<int>(m => recorder.Tell($"{Self.Path.Name}:{m}", Self));
    }

    private sealed class Looper : ReceiveActor
    {
        public Looper() => ReceiveAny(m => Self.Tell(m, Self));
    }
}
