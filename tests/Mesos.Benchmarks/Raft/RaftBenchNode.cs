using System.Globalization;
using System.Net;
using Mesos.Actors.Cluster;
using Mesos.Actors.Runtime;

namespace Mesos.Benchmarks.Raft;

/// <summary>
/// One Raft server in its own process (<c>raft node --port N --members a,b,c --dir D</c>): RaftNode, SQLite, the HTTP
/// transport, and an HttpListener server (this project carries no ASP.NET Core) for <c>POST /raft/messages</c> and
/// the benchmark's control requests.
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
        var leadership = new LeadershipProbe();
        var node = system.ActorOf(RaftNode.CreateProps(new RaftNodeSettings { Self = self, InitialMembers = members },
            storage, transport, new CountingStateMachine()), "raft");
        system.EventStream.Subscribe(system.ActorOf(Props.Create(() => new LeadershipListener(node, leadership))), typeof(BecameLeader));

        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        Console.WriteLine($"ready {self}");
        var loops = Enumerable.Range(0, 8).Select(_ => Task.Run(() => Serve(listener, node, leadership))).ToArray();
        Task.WaitAny(loops);
        return 0;
    }

    private static string Arg(string[] args, string name) =>
        args[Array.IndexOf(args, name) + 1];

    private static async Task Serve(HttpListener listener, IActorRef node, LeadershipProbe leadership)
    {
        while (true)
        {
            var context = await listener.GetContextAsync();
            try
            {
                await Handle(context, node, leadership);
            }
            catch (Exception e) when (e is HttpListenerException or IOException or FormatException)
            {
                context.Response.StatusCode = 400;
            }
            context.Response.Close();
        }
    }

    private static async Task Handle(HttpListenerContext context, IActorRef node, LeadershipProbe leadership)
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
        if (path == "/bench/state")
        {
            var state = await node.Ask<ClusterState>(GetClusterState.Instance, TimeSpan.FromSeconds(2));
            answer = $"{state.Role} {state.Term} {leadership.CommittedAtTerm} {leadership.CommittedAtUnixMs} {state.AppliedIndex}";
        }
        else
        {
            var query = context.Request.QueryString;
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

    private sealed class CountingStateMachine : IRaftStateMachine
    {
        private long _count;

        public void Apply(LogEntry entry) => _count++;

        public byte[] TakeSnapshot() => BitConverter.GetBytes(_count);

        public void Restore(RaftSnapshot snapshot) => _count = snapshot.Data.Length == 8 ? BitConverter.ToInt64(snapshot.Data) : 0;
    }

    /// <summary>When this server became leader and first committed: the end of a failover, in wall-clock time.</summary>
    private sealed class LeadershipProbe
    {
        public long CommittedAtTerm;
        public long CommittedAtUnixMs;
    }

    private sealed class LeadershipListener : ReceiveActor
    {
        public LeadershipListener(IActorRef node, LeadershipProbe probe)
        {
            Receive<BecameLeader>(leader =>
            {
                node.Ask<object>(new Propose([]), TimeSpan.FromSeconds(5)).ContinueWith(reply =>
                {
                    if (reply.IsCompletedSuccessfully && reply.Result is ProposalCommitted)
                    {
                        Volatile.Write(ref probe.CommittedAtUnixMs, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                        Volatile.Write(ref probe.CommittedAtTerm, leader.Term);
                    }
                }, TaskScheduler.Default);
            });
        }
    }
}
