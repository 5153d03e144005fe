using System.Globalization;
using System.Net;
using Mesos.Actors.Cluster;
using Mesos.Actors.Runtime;

namespace Mesos.Benchmarks.Raft;

/// <summary>
/// One Raft server in its own process (<c>raft node --port N --members a,b,c --dir D</c>): RaftNode, SQLite, the HTTP
/// transport, and an HttpListener server (this project carries no ASP.NET Core) for <c>POST /raft/messages</c> and
/// the benchmark's control requests. It tells the suite on stdout when it is ready (<c>ready</c>) and when it
/// committed its first entry as leader (<c>leader TERM UNIX_MS</c>), so that the suite waits on lines, not polls.
/// </summary>
internal static class RaftBenchNode
{
    public static int Run(string[] args)
    {
        var port = int.Parse(Arg(args, "--port"), CultureInfo.InvariantCulture);
        var members = Arg(args, "--members").Split(',');
        var self = $"127.0.0.1:{port}";
        var system = ActorSystem.Create("raft-bench");
        using var storage = new SqliteRaftStorage(Path.Combine(Arg(args, "--dir"), "raft.db"));
        using var transport = new HttpRaftTransport();
        var machine = new CountingStateMachine();
        var node = system.ActorOf(RaftNode.CreateProps(new RaftNodeSettings { Self = self, InitialMembers = members },
            storage, transport, machine), "raft");
        system.EventStream.Subscribe(system.ActorOf(Props.Create(() => new LeadershipListener(node))), typeof(BecameLeader));

        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        Console.WriteLine($"ready {self}");
        var loops = Enumerable.Range(0, 8).Select(_ => Task.Run(() => Serve(listener, node, machine))).ToArray();
        Task.WaitAny(loops);
        return 0;
    }

    private static string Arg(string[] args, string name) =>
        args[Array.IndexOf(args, name) + 1];

    private static async Task Serve(HttpListener listener, IActorRef node, CountingStateMachine machine)
    {
        while (true)
        {
            var context = await listener.GetContextAsync();
            try
            {
                await Handle(context, node, machine);
            }
            catch (Exception e) when (e is HttpListenerException or IOException or FormatException)
            {
                context.Response.StatusCode = 400;
            }
            context.Response.Close();
        }
    }

    private static async Task Handle(HttpListenerContext context, IActorRef node, CountingStateMachine machine)
    {
        var path = context.Request.Url!.AbsolutePath;
        if (path == HttpRaftTransport.MessagesPath)
        {
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            foreach (var message in RaftWireCodec.Decode(body.GetBuffer().AsSpan(0, (int)body.Length))) node.Tell(message);
            context.Response.StatusCode = 204;
            return;
        }
        string answer;
        var query = context.Request.QueryString;
        if (path == "/bench/applied")
        {
            // With atLeast, the answer waits (up to a minute) until this server has applied that index.
            if (query["atLeast"] is { } atLeast) machine.AwaitApplied(long.Parse(atLeast, CultureInfo.InvariantCulture), TimeSpan.FromMinutes(1));
            answer = machine.AppliedIndex.ToString(CultureInfo.InvariantCulture);
        }
        else
        {
            var seconds = double.Parse(query["seconds"]!, CultureInfo.InvariantCulture);
            var inflight = int.Parse(query["inflight"]!, CultureInfo.InvariantCulture);
            var (commits, elapsed) = await Load(node, TimeSpan.FromSeconds(seconds), inflight);
            answer = $"{commits} {elapsed.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)}";
        }
        var bytes = System.Text.Encoding.UTF8.GetBytes(answer);
        await context.Response.OutputStream.WriteAsync(bytes);
    }

    /// <summary>Keeps <paramref name="inflight"/> proposals of 64 bytes outstanding for the duration; counts commits.</summary>
    private static async Task<(long Commits, TimeSpan Elapsed)> Load(IActorRef node, TimeSpan duration, int inflight)
    {
        var payload = new byte[64];
        long commits = 0;
        var started = System.Diagnostics.Stopwatch.StartNew();
        var proposers = Enumerable.Range(0, inflight).Select(async _ =>
        {
            while (started.Elapsed < duration)
            {
                if (await node.Ask<object>(new Propose(payload), TimeSpan.FromSeconds(5)) is ProposalCommitted) Interlocked.Increment(ref commits);
            }
        });
        await Task.WhenAll(proposers);
        return (commits, started.Elapsed);
    }

    /// <summary>Counts commands, and lets a request wait until a given index is applied.</summary>
    private sealed class CountingStateMachine : IRaftStateMachine
    {
        private readonly object _gate = new();
        private long _count;
        private long _appliedIndex;

        public long AppliedIndex
        {
            get { lock (_gate) return _appliedIndex; }
        }

        public void Apply(LogEntry entry)
        {
            _count++;
            Advance(entry.Index);
        }

        public byte[] TakeSnapshot() => BitConverter.GetBytes(_count);

        public void Restore(RaftSnapshot snapshot)
        {
            _count = snapshot.Data.Length == 8 ? BitConverter.ToInt64(snapshot.Data) : 0;
            Advance(snapshot.LastIndex);
        }

        /// <summary>Blocks until <paramref name="index"/> is applied or the timeout passes; whether it was.</summary>
        public bool AwaitApplied(long index, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            lock (_gate)
            {
                while (_appliedIndex < index)
                {
                    var left = deadline - DateTime.UtcNow;
                    if (left <= TimeSpan.Zero || !Monitor.Wait(_gate, left)) return _appliedIndex >= index;
                }
                return true;
            }
        }

        private void Advance(long index)
        {
            lock (_gate)
            {
                _appliedIndex = Math.Max(_appliedIndex, index);
                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>Reports when this server, newly leader, committed its first entry: the end of a failover, in wall-clock time.</summary>
    private sealed class LeadershipListener : ReceiveActor
    {
        public LeadershipListener(IActorRef node)
        {
            Receive<BecameLeader>(leader =>
            {
                node.Ask<object>(new Propose([]), TimeSpan.FromSeconds(5)).ContinueWith(reply =>
                {
                    if (reply.IsCompletedSuccessfully && reply.Result is ProposalCommitted)
                    {
                        Console.WriteLine($"leader {leader.Term} {DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}");
                    }
                }, TaskScheduler.Default);
            });
        }
    }
}
