using Google.Protobuf;
using Mesos.Actors.Framework;
using Mesos.Actors.Protocol.Json;
using Mesos.V1;
using Mesos.V1.Scheduler;
using TaskStatus = Mesos.V1.TaskStatus;

using static Mesos.Actors.Framework.SchedulerEvent;

namespace Mesos.Actors.Tests.Framework;

public sealed class SchedulerEventMapperTests
{
    private static readonly AgentID Agent = new() { Value = "a-S0" };

    [Fact]
    public void Subscribed_carries_the_framework_id_and_the_master()
    {
        var e = new Event
        {
            Type = Event.Types.Type.Subscribed,
            Subscribed = new() { FrameworkId = new() { Value = "f-0000" }, MasterInfo = new() { Id = "m", Hostname = "master.test" } },
        };

        SchedulerEventMapper.Map(e).Should().BeEquivalentTo(new Subscribed(new FrameworkID { Value = "f-0000" }, new MasterInfo { Id = "m", Hostname = "master.test" }));
    }

    [Fact]
    public void Offers_become_one_message_with_every_offer()
    {
        var offers = Enumerable.Range(0, 3).Select(i => new Offer { Id = new() { Value = $"o{i}" }, AgentId = Agent }).ToArray();
        var e = new Event { Type = Event.Types.Type.Offers, Offers = new() { Offers_ = { offers } } };

        var message = SchedulerEventMapper.Map(e).Should().BeOfType<ResourceOffers>().Subject;

        message.Offers.Select(o => o.Id.Value).Should().Equal("o0", "o1", "o2");
    }

    [Fact]
    public void Rescind_update_and_message_map_to_their_messages()
    {
        var status = new TaskStatus { TaskId = new() { Value = "t" }, State = TaskState.TaskRunning };

        SchedulerEventMapper.Map(new Event { Type = Event.Types.Type.Rescind, Rescind = new() { OfferId = new() { Value = "o1" } } })
            .Should().Be(new OfferRescinded(new OfferID { Value = "o1" }));
        SchedulerEventMapper.Map(new Event { Type = Event.Types.Type.Update, Update = new() { Status = status } })
            .Should().Be(new StatusUpdate(status));
        var message = SchedulerEventMapper.Map(new Event
        {
            Type = Event.Types.Type.Message,
            Message = new() { AgentId = Agent, ExecutorId = new() { Value = "e" }, Data = ByteString.CopyFromUtf8("hi") },
        }).Should().BeOfType<FrameworkMessage>().Subject;
        message.Data.Should().Equal("hi"u8.ToArray());
        message.ExecutorId.Value.Should().Be("e");
    }

    [Fact]
    public void A_failure_with_an_executor_is_an_executor_lost_and_without_one_an_agent_lost()
    {
        SchedulerEventMapper.Map(new Event { Type = Event.Types.Type.Failure, Failure = new() { AgentId = Agent, ExecutorId = new() { Value = "e" }, Status = 9 } })
            .Should().Be(new ExecutorLost(new ExecutorID { Value = "e" }, Agent, 9));
        SchedulerEventMapper.Map(new Event { Type = Event.Types.Type.Failure, Failure = new() { AgentId = Agent, ExecutorId = new() { Value = "e" } } })
            .Should().Be(new ExecutorLost(new ExecutorID { Value = "e" }, Agent, null));
        SchedulerEventMapper.Map(new Event { Type = Event.Types.Type.Failure, Failure = new() { AgentId = Agent } })
            .Should().Be(new AgentLost(Agent));
    }

    [Theory]
    [InlineData("""{"type":"ERROR","error":{"message":"Framework has been removed"}}""")]
    [InlineData("""{"type":"ERROR","message":"Framework has been removed"}""")]
    public void An_error_in_either_json_shape_carries_the_masters_message(string json)
    {
        SchedulerEventMapper.Map(MesosJson.Parse<Event>(json)).Should().Be(new Error("Framework has been removed"));
    }

    [Theory]
    [InlineData(Event.Types.Type.Heartbeat)]
    [InlineData(Event.Types.Type.InverseOffers)]
    [InlineData(Event.Types.Type.UpdateOperationStatus)]
    [InlineData(Event.Types.Type.Unknown)]
    public void Heartbeats_and_events_a_scheduler_does_not_handle_are_not_delivered(Event.Types.Type type)
    {
        SchedulerEventMapper.Map(new Event { Type = type }).Should().BeNull();
    }

    [Fact]
    public void The_heartbeat_interval_is_the_announced_one_or_fifteen_seconds()
    {
        SchedulerEventMapper.HeartbeatInterval(new Event.Types.Subscribed { HeartbeatIntervalSeconds = 2.5 }).Should().Be(TimeSpan.FromSeconds(2.5));
        SchedulerEventMapper.HeartbeatInterval(new Event.Types.Subscribed()).Should().Be(TimeSpan.FromSeconds(15));
        SchedulerEventMapper.HeartbeatInterval(new Event.Types.Subscribed { HeartbeatIntervalSeconds = 0 }).Should().Be(TimeSpan.FromSeconds(15));
    }
}
