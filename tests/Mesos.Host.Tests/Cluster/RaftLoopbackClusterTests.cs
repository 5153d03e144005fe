using System.Text;
using Mesos.Actors.Cluster;
using Mesos.Actors.Runtime;

namespace Mesos.Host.Tests.Cluster;

/// <summary>Three Raft servers over real HTTP on 127.0.0.1, each with its own actor system and SQLite file.</summary>
public sealed class RaftLoopbackClusterTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);
    private readonly string _root = Directory.CreateTempSubdirectory("raft-loopback-").FullName;
    private readonly Dictionary<string, RaftTestServer> _servers = [];
    private string[] _ids = [];

    public async Task InitializeAsync()
    {
        _ids = Enumerable.Range(0, 3).Select(_ => $"127.0.0.1:{RaftTestServer.FreePort()}").ToArray();
        foreach (var id in _ids) await Start(id);
    }

    public async Task DisposeAsync()
    {
        foreach (var server in _servers.Values) await server.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    private async Task Start(string id)
    {
        var directory = Path.Combine(_root, id.Replace(':', '_'));
        Directory.CreateDirectory(directory);
        _servers[id] = await RaftTestServer.StartAsync(id, _ids, directory);
    }

    private async Task<BecameLeader> NextLeader(long afterTerm)
    {
        using var cancel = new CancellationTokenSource(Deadline);
        var waits = _servers.Values.Select(async server =>
        {
            while (true)
            {
                var e = await server.Events.Reader.ReadAsync(cancel.Token);
                if (e is BecameLeader leader && leader.Term > afterTerm) return leader;
            }
        }).ToList();
        var winner = await await Task.WhenAny(waits);
        // The other readers must let go of their channels, or they would swallow the next events.
        await cancel.CancelAsync();
        return winner;
    }

    private static async Task<long> Commit(RaftTestServer server, string command)
    {
        var reply = await server.Node.Ask<object>(new Propose(Encoding.UTF8.GetBytes(command)), Deadline);
        return reply.Should().BeOfType<ProposalCommitted>().Subject.Index;
    }

    [Fact]
    public async Task When_the_leader_is_killed_another_is_elected_and_the_committed_data_is_intact_everywhere()
    {
        var first = await NextLeader(0);
        var leader = _servers[first.Node];
        var written = Enumerable.Range(0, 100).Select(i => $"entry-{i}").ToList();
        foreach (var command in written) await Commit(leader, command);
        leader.Machine.Applied.Should().Equal(written);

        var crashed = first.Node;
        await leader.DisposeAsync();
        _servers.Remove(crashed);

        var second = await NextLeader(first.Term);
        second.Node.Should().NotBe(crashed);
        var newLeader = _servers[second.Node];
        written.Add("after-failover");
        await Commit(newLeader, "after-failover");
        (await newLeader.Node.Ask<object>(ReadIndex.Instance, Deadline)).Should().BeOfType<ReadIndexReady>();
        newLeader.Machine.Applied.Should().Equal(written);
        var follower = _servers.Values.Single(s => s != newLeader);
        await follower.Machine.WhenCount(written.Count).WaitAsync(Deadline);
        follower.Machine.Applied.Should().Equal(written);

        await Start(crashed);
        await _servers[crashed].Machine.WhenCount(written.Count).WaitAsync(Deadline);
        _servers[crashed].Machine.Applied.Should().Equal(written, "the restarted server recovers from its SQLite file and catches up");
        var state = await _servers[crashed].Node.Ask<ClusterState>(GetClusterState.Instance, Deadline);
        state.Leader.Should().Be(second.Node);
    }

    [Fact]
    public async Task A_follower_answers_a_proposal_with_the_leaders_address()
    {
        var leader = await NextLeader(0);
        var follower = _servers.Values.First(s => s.Self != leader.Node);
        using var cancel = new CancellationTokenSource(Deadline);
        NotLeader? answer = null;
        while (answer?.LeaderHint != leader.Node)
        {
            cancel.Token.ThrowIfCancellationRequested();
            // Until the follower hears its first heartbeat it knows no leader to name.
            answer = await follower.Node.Ask<NotLeader>(new Propose([1]), Deadline);
        }
        answer.LeaderHint.Should().Be(leader.Node);
    }
}

/// <summary>The Raft endpoint refuses what it cannot hand to the RaftNode.</summary>
public sealed class RaftEndpointTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("raft-endpoint-").FullName;
    private readonly HttpClient _client = new();
    private RaftTestServer? _server;

    public async Task InitializeAsync()
    {
        var self = $"127.0.0.1:{RaftTestServer.FreePort()}";
        _server = await RaftTestServer.StartAsync(self, [self, "127.0.0.1:1"], _directory);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server!.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private Task<HttpResponseMessage> Post(byte[] body, string contentType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        return _client.PostAsync($"http://{_server!.Self}{HttpRaftTransport.MessagesPath}", content);
    }

    [Fact]
    public async Task A_body_that_is_not_a_protobuf_batch_gets_400()
    {
        var response = await Post([0xff, 0xff, 0xff], RaftWireCodec.ContentType);
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_body_of_another_content_type_gets_415()
    {
        var response = await Post(Encoding.UTF8.GetBytes("{}"), "application/json");
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task A_message_for_another_server_gets_421_and_a_valid_batch_gets_204()
    {
        var wrong = RaftWireCodec.Encode([new Heartbeat("127.0.0.1:1", "127.0.0.1:2", 1, 0, 0)]);
        (await Post(wrong, RaftWireCodec.ContentType)).StatusCode.Should().Be(System.Net.HttpStatusCode.MisdirectedRequest);
        var right = RaftWireCodec.Encode([new Heartbeat("127.0.0.1:1", _server!.Self, 1, 0, 0)]);
        (await Post(right, RaftWireCodec.ContentType)).StatusCode.Should().Be(System.Net.HttpStatusCode.NoContent);
        var state = await _server.Node.Ask<ClusterState>(GetClusterState.Instance, TimeSpan.FromSeconds(5));
        state.Leader.Should().Be("127.0.0.1:1", "the heartbeat reached the RaftNode");
    }
}
