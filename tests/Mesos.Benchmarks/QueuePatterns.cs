namespace Mesos.Benchmarks;

/// <summary>A queue with one consuming loop: what an actor is, without the actor runtime.</summary>
internal interface IEndpoint : IDisposable
{
    void Post(Ball ball);
}

/// <summary>The benchmark patterns built from endpoints, so Channels and Dataflow run identical code around their queues.</summary>
internal static class QueuePatterns
{
    public static IWorkload Pairs(Func<Action<Ball>, IEndpoint> create, int pairs, long roundTrips, int inFlight) =>
        new PairsWorkload(create, pairs, roundTrips, inFlight);

    public static IWorkload OneWay(Func<Action<Ball>, IEndpoint> create, long messages) =>
        new OneWayWorkload(create, messages);

    private sealed class PairsWorkload : IWorkload
    {
        private readonly (Rally Rally, IEndpoint Ping, IEndpoint Pong)[] _pairs;
        private readonly long _roundTrips;
        private readonly int _inFlight;

        public PairsWorkload(Func<Action<Ball>, IEndpoint> create, int pairs, long roundTrips, int inFlight)
        {
            _roundTrips = roundTrips;
            _inFlight = inFlight;
            _pairs = new (Rally, IEndpoint, IEndpoint)[pairs];
            for (var i = 0; i < pairs; i++)
            {
                var rally = new Rally();
                IEndpoint? ping = null;
                var pong = create(ball => ping!.Post(ball));
                ping = create(ball =>
                {
                    if (rally.Returned()) pong.Post(ball);
                });
                _pairs[i] = (rally, ping, pong);
            }
        }

        public long Messages => 2 * _roundTrips * _pairs.Length;

        public void Run()
        {
            var done = _pairs.Select(p => p.Rally.Begin(_roundTrips, _inFlight)).ToArray();
            foreach (var pair in _pairs)
            {
                for (var i = 0; i < _inFlight; i++) pair.Pong.Post(Ball.Instance);
            }
            Task.WaitAll(done);
        }

        public void Dispose()
        {
            foreach (var pair in _pairs)
            {
                pair.Ping.Dispose();
                pair.Pong.Dispose();
            }
        }
    }

    private sealed class OneWayWorkload : IWorkload
    {
        private readonly Countdown _countdown = new();
        private readonly IEndpoint _sink;

        public OneWayWorkload(Func<Action<Ball>, IEndpoint> create, long messages)
        {
            Messages = messages;
            _sink = create(_ => _countdown.Signal());
        }

        public long Messages { get; }

        public void Run()
        {
            var done = _countdown.Begin(Messages);
            for (var i = 0L; i < Messages; i++) _sink.Post(Ball.Instance);
            done.Wait();
        }

        public void Dispose() => _sink.Dispose();
    }
}
