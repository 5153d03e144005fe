using Akka.Actor;

namespace Mesos.Benchmarks;

/// <summary>The benchmark patterns built from actors, replying to Sender as actor code does.</summary>
internal static class ActorPatterns
{
    public static IWorkload Pairs(ActorSystem system, int pairs, long roundTrips, int inFlight) =>
        new PairsWorkload(system, pairs, roundTrips, inFlight);

    public static IWorkload OneWay(ActorSystem system, long messages) => new OneWayWorkload(system, messages);

    private sealed class PingActor : ReceiveActor
    {
        public PingActor(Rally rally) =>
            Receive<Ball>(ball =>
            {
                if (rally.Returned()) Sender.Tell(ball, Self);
            });
    }

    private sealed class PongActor : ReceiveActor
    {
        public PongActor() => Receive<Ball>(ball => Sender.Tell(ball, Self));
    }

    private sealed class SinkActor : ReceiveActor
    {
        public SinkActor(Countdown countdown) => Receive<Ball>(_ => countdown.Signal());
    }

    private sealed class PairsWorkload : IWorkload
    {
        private readonly ActorSystem _system;
        private readonly (Rally Rally, IActorRef Ping, IActorRef Pong)[] _pairs;
        private readonly long _roundTrips;
        private readonly int _inFlight;

        public PairsWorkload(ActorSystem system, int pairs, long roundTrips, int inFlight)
        {
            _system = system;
            _roundTrips = roundTrips;
            _inFlight = inFlight;
            _pairs = new (Rally, IActorRef, IActorRef)[pairs];
            for (var i = 0; i < pairs; i++)
            {
                var rally = new Rally();
                _pairs[i] = (rally, system.ActorOf(Props.Create(() => new PingActor(rally))), system.ActorOf(Props.Create(() => new PongActor())));
            }
        }

        public long Messages => 2 * _roundTrips * _pairs.Length;

        public void Run()
        {
            var done = _pairs.Select(p => p.Rally.Begin(_roundTrips, _inFlight)).ToArray();
            foreach (var pair in _pairs)
            {
                // Served on the ping's behalf, so the pong's replies go to the ping.
                for (var i = 0; i < _inFlight; i++) pair.Pong.Tell(Ball.Instance, pair.Ping);
            }
            Task.WaitAll(done);
        }

        public void Dispose()
        {
            foreach (var pair in _pairs)
            {
                _system.Stop(pair.Ping);
                _system.Stop(pair.Pong);
            }
        }
    }

    private sealed class OneWayWorkload : IWorkload
    {
        private readonly ActorSystem _system;
        private readonly Countdown _countdown = new();
        private readonly IActorRef _sink;

        public OneWayWorkload(ActorSystem system, long messages)
        {
            _system = system;
            Messages = messages;
            _sink = system.ActorOf(Props.Create(() => new SinkActor(_countdown)));
        }

        public long Messages { get; }

        public void Run()
        {
            var done = _countdown.Begin(Messages);
            for (var i = 0L; i < Messages; i++) _sink.Tell(Ball.Instance, ActorRefs.NoSender);
            done.Wait();
        }

        public void Dispose() => _system.Stop(_sink);
    }
}
