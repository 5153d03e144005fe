using System.Text;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Mesos.Actors.Protocol.Json;
using Mesos.Actors.Protocol.RecordIO;
using MasterResponse = Mesos.V1.Master.Response;

namespace Mesos.Actors.Tests.Protocol;

public sealed class MesosJsonGoldenTests
{
    [Theory]
    [InlineData("op_GET_STATE.json")]
    [InlineData("op_GET_AGENTS.json")]
    [InlineData("op_GET_FRAMEWORKS.json")]
    [InlineData("op_GET_TASKS.json")]
    [InlineData("op_GET_MASTER.json")]
    [InlineData("op_GET_VERSION.json")]
    [InlineData("op_GET_HEALTH.json")]
    [InlineData("op_GET_FLAGS.json")]
    [InlineData("op_GET_QUOTA.json")]
    [InlineData("op_GET_ROLES.json")]
    [InlineData("op_GET_WEIGHTS.json")]
    [InlineData("op_GET_EXECUTORS.json")]
    public void Master_operator_responses_parse_and_write_back_the_same_document(string file)
    {
        AssertRoundTrip<MasterResponse>(Golden.Text(file));
    }

    [Fact]
    public void Agent_GET_STATE_parses_and_writes_back_the_same_document()
    {
        AssertRoundTrip<Mesos.V1.Agent.Response>(Golden.Text("agent_op_GET_STATE.json"));
    }

    [Fact]
    public void Master_GET_STATE_carries_the_tasks_with_their_statuses()
    {
        var response = MesosJson.Parse<MasterResponse>(Golden.Text("op_GET_STATE.json"));

        response.Type.Should().Be(MasterResponse.Types.Type.GetState);
        var completed = response.GetState.GetTasks.CompletedTasks;
        completed.Should().NotBeEmpty();
        completed[0].TaskId.Value.Should().Be("whizbang");
        completed[0].State.Should().Be(Mesos.V1.TaskState.TaskFailed);
        completed[0].Statuses[0].Reason.Should().Be(Mesos.V1.TaskStatus.Types.Reason.ExecutorTerminated);
        completed[0].Statuses[0].Timestamp.Should().BeApproximately(1795257475.295755, 1e-6);
        completed[0].Statuses[0].Uuid.ToBase64().Should().Be("Fc8eELJyRiiRE8wXnQilhA==");
    }

    [Fact]
    public async Task Scheduler_subscribe_stream_records_parse_as_events_and_write_back()
    {
        var events = await ReadRecords<Mesos.V1.Scheduler.Event>("sched_subscribe.recordio");

        events.Select(e => e.Type).Should().Equal(
            Mesos.V1.Scheduler.Event.Types.Type.Subscribed,
            Mesos.V1.Scheduler.Event.Types.Type.Heartbeat,
            Mesos.V1.Scheduler.Event.Types.Type.Offers);
        events[0].Subscribed.HeartbeatIntervalSeconds.Should().Be(15.0);
        events[2].Offers.Offers_[0].Resources.Should().HaveCount(4);
        events[2].Offers.Offers_[0].Resources[0].Ranges.Range[0].End.Should().Be(31100UL);
    }

    [Fact]
    public async Task Operator_subscribe_stream_records_parse_as_master_events()
    {
        var events = await ReadRecords<Mesos.V1.Master.Event>("op_SUBSCRIBE.recordio");

        events[0].Type.Should().Be(Mesos.V1.Master.Event.Types.Type.Subscribed);
        events[0].Subscribed.GetState.GetAgents.Agents.Should().NotBeEmpty();
        events[^1].Type.Should().Be(Mesos.V1.Master.Event.Types.Type.Heartbeat);
    }

    private static async Task<List<T>> ReadRecords<T>(string file)
        where T : IMessage<T>, new()
    {
        var reader = new RecordIOReader(new MemoryStream(Golden.Bytes(file)), maxRecordBytes: 1 << 20);
        var events = new List<T>();
        while (await reader.ReadAsync() is { } record)
        {
            var text = Encoding.UTF8.GetString(record);
            AssertRoundTrip<T>(text);
            events.Add(MesosJson.Parse<T>(text));
        }

        return events;
    }

    private static void AssertRoundTrip<T>(string json)
        where T : IMessage<T>, new()
    {
        var written = MesosJson.Serialize(MesosJson.Parse<T>(json));

        JsonNode.DeepEquals(Golden.Normalized(written), Golden.Normalized(json))
            .Should().BeTrue($"writing back should give the same document.\nExpected: {json}\nActual:   {written}");
    }
}
