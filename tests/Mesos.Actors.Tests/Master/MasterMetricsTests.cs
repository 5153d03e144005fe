using Mesos.Actors.Master;
using Mesos.Actors.Master.Operator;
using Mesos.Actors.Protocol;
using Mesos.V1;
using Mesos.V1.Scheduler;

namespace Mesos.Actors.Tests.Master;

/// <summary>The master's metrics follow what happens in the cluster, under Mesos' names.</summary>
public sealed class MasterMetricsTests : MasterHarness
{
    private SortedDictionary<string, double> Metrics()
    {
        Master.Tell(GetMasterState.Instance, TestActor);
        return MasterMetrics.Snapshot(ExpectMsg<MasterState>(), Sys.Scheduler.Now);
    }

    [Fact]
    public void A_fresh_master_lists_every_counter_at_zero()
    {
        var metrics = Metrics();
        metrics["master/elected"].Should().Be(1);
        foreach (var counter in new[] { "master/tasks_finished", "master/tasks_failed", "master/tasks_killed", "master/tasks_lost", "master/tasks_error",
                     "master/tasks_dropped", "master/tasks_gone", "master/slave_registrations", "master/valid_status_updates" })
        {
            metrics[counter].Should().Be(0, counter);
        }
        metrics["system/cpus_total"].Should().Be(System.Environment.ProcessorCount);
        metrics["system/mem_total_bytes"].Should().BeGreaterThan(0);
    }

    [Fact]
    public void Agents_frameworks_resources_and_tasks_are_counted()
    {
        var agent = SubscribeAgent("cpus:4;mem:1024");
        var framework = SubscribeFramework();
        var offer = Offers(framework).Single();
        Send(framework, Launch(offer, "t1", "cpus:1;mem:256"));
        Send(framework, Launch(offer, "invalid", "cpus:1;mem:256"));
        AgentSends(agent, StatusUpdate(framework.Id, "t1", TaskState.TaskRunning, out _));

        var running = Metrics();
        running["master/slaves_active"].Should().Be(1);
        running["master/slave_registrations"].Should().Be(1);
        running["master/frameworks_active"].Should().Be(1);
        running["master/tasks_running"].Should().Be(1);
        running["master/tasks_error"].Should().Be(0, "the second launch named an offer already used, so its task is lost");
        running["master/tasks_lost"].Should().Be(1);
        running["master/cpus_total"].Should().Be(4);
        running["master/cpus_used"].Should().Be(1);
        running["master/cpus_percent"].Should().Be(0.25);
        running["master/mem_used"].Should().Be(256);
        running["master/valid_status_updates"].Should().Be(1);

        AgentSends(agent, StatusUpdate(framework.Id, "t1", TaskState.TaskFinished, out _));
        SubscribeAgent("cpus:4;mem:1024", id: agent.Id);
        var finished = Metrics();
        finished["master/tasks_running"].Should().Be(0);
        finished["master/tasks_finished"].Should().Be(1);
        finished["master/cpus_used"].Should().Be(0);
        finished["master/slave_reregistrations"].Should().Be(1);
    }

    [Fact]
    public void Revocable_resources_what_is_offered_and_operator_streams_are_counted_apart()
    {
        var revocable = Mesos.Actors.Protocol.Resources.FromProtos(Mesos.Actors.Protocol.Resources.Parse("cpus:2").ToProtos()
            .Select(r => { r.Revocable = new Resource.Types.RevocableInfo(); return r; }));
        SubscribeAgent(Mesos.Actors.Protocol.Resources.Parse("cpus:4;mem:1024") + revocable);
        SubscribeOperator();
        var framework = SubscribeFramework();
        Offers(framework).Should().NotBeEmpty();

        var metrics = Metrics();
        metrics["master/cpus_total"].Should().Be(4);
        metrics["master/cpus_revocable_total"].Should().Be(2);
        metrics["master/cpus_revocable_used"].Should().Be(0);
        metrics["master/mem_revocable_total"].Should().Be(0);
        metrics["allocator/mesos/resources/cpus/total"].Should().Be(6);
        metrics["allocator/mesos/resources/mem/total"].Should().Be(1024);
        metrics["allocator/mesos/resources/mem/offered_or_allocated"].Should().Be(1024, "the whole agent is offered to the only framework");
        metrics["master/operator_event_stream_subscribers"].Should().Be(1);
    }

    [Fact]
    public void A_task_the_master_refuses_counts_as_an_error()
    {
        SubscribeAgent("cpus:1;mem:1024");
        var framework = SubscribeFramework();
        Send(framework, Launch(Offers(framework).Single(), "too-big", "cpus:2;mem:256"));
        Metrics()["master/tasks_error"].Should().Be(1);
    }

    [Fact]
    public void An_agent_that_misses_its_pings_counts_as_unreachable()
    {
        SubscribeAgent();
        Advance(PingTimeout * 6);
        var metrics = Metrics();
        metrics["master/slaves_unreachable"].Should().Be(1);
        metrics["master/slave_unreachable_completed"].Should().Be(1);
        metrics["master/cpus_total"].Should().Be(0);
    }

    [Fact]
    public void A_framework_is_counted_under_its_encoded_name_and_id_and_kept_once_completed()
    {
        var agent = SubscribeAgent("cpus:4;mem:1024");
        var framework = SubscribeFramework(name: "my framework");
        var prefix = $"master/frameworks/my%20framework/{framework.Id.Value}/";
        var offer = Offers(framework).Single();
        Send(framework, Launch(offer, "t1", "cpus:1;mem:256"));
        AgentSends(agent, StatusUpdate(framework.Id, "t1", TaskState.TaskRunning, out var uuid));
        Send(framework, new Call { Type = Call.Types.Type.Acknowledge, Acknowledge = new() { AgentId = agent.Id, TaskId = new() { Value = "t1" }, Uuid = uuid } });
        Send(framework, new Call { Type = Call.Types.Type.Suppress });

        var running = Metrics();
        running[prefix + "subscribed"].Should().Be(1);
        running[prefix + "calls"].Should().Be(4, "SUBSCRIBE, ACCEPT, ACKNOWLEDGE and SUPPRESS");
        running[prefix + "calls/subscribe"].Should().Be(1);
        running[prefix + "calls/accept"].Should().Be(1);
        running[prefix + "calls/acknowledge"].Should().Be(1);
        running[prefix + "calls/decline"].Should().Be(0);
        running[prefix + "events/subscribed"].Should().Be(1);
        running[prefix + "events/offers"].Should().Be(1);
        running[prefix + "events/update"].Should().Be(1);
        running[prefix + "events/heartbeat"].Should().Be(1, "the first heartbeat follows SUBSCRIBED at once");
        running[prefix + "events"].Should().Be(4);
        running[prefix + "offers/sent"].Should().Be(1);
        running[prefix + "offers/accepted"].Should().Be(1);
        running[prefix + "operations"].Should().Be(1);
        running[prefix + "operations/launch"].Should().Be(1);
        running[prefix + "operations/reserve"].Should().Be(0);
        running[prefix + "tasks/active/task_running"].Should().Be(1);
        running[prefix + "tasks/active/task_staging"].Should().Be(0);
        running[prefix + "tasks/terminal/task_finished"].Should().Be(0);
        running[prefix + "roles/*/suppressed"].Should().Be(1);
        running["master/valid_status_update_acknowledgements"].Should().Be(1);

        AgentSends(agent, StatusUpdate(framework.Id, "t1", TaskState.TaskFinished, out _));
        Send(framework, new Call { Type = Call.Types.Type.Teardown });

        var completed = Metrics();
        completed[prefix + "subscribed"].Should().Be(0);
        completed[prefix + "tasks/active/task_running"].Should().Be(0);
        completed[prefix + "tasks/terminal/task_finished"].Should().Be(1);
        completed[prefix + "calls/teardown"].Should().Be(1);
        completed[prefix + "events/update"].Should().Be(2);
    }

    [Fact]
    public void Offers_declined_and_rescinded_and_heartbeats_are_counted_for_their_framework()
    {
        SubscribeAgent("cpus:4;mem:1024");
        var framework = SubscribeFramework();
        var prefix = $"master/frameworks/test/{framework.Id.Value}/";
        var offer = Offers(framework).Single();
        Send(framework, new Call { Type = Call.Types.Type.Decline, Decline = new() { OfferIds = { offer.Id }, Filters = new() { RefuseSeconds = 0 } } });
        Advance(TimeSpan.FromSeconds(15));
        Offers(framework).Should().NotBeEmpty();
        Send(framework, new Call { Type = Call.Types.Type.Suppress });

        var metrics = Metrics();
        metrics[prefix + "offers/declined"].Should().Be(1);
        metrics[prefix + "offers/rescinded"].Should().Be(1, "suppressing rescinds the offer outstanding");
        metrics[prefix + "events/rescind"].Should().Be(1);
        metrics[prefix + "events/heartbeat"].Should().Be(2, "one at once, then one every 15 seconds");
        metrics[prefix + "offers/sent"].Should().Be(metrics[prefix + "events/offers"]);
    }

    [Fact]
    public void Ended_tasks_are_counted_by_state_source_and_reason()
    {
        var agent = SubscribeAgent("cpus:4;mem:1024");
        var framework = SubscribeFramework();
        var offer = Offers(framework).Single();
        Send(framework, Launch(offer, "t1", "cpus:1;mem:256"));
        Send(framework, Launch(offer, "t2", "cpus:1;mem:256"));
        AgentSends(agent, StatusUpdate(framework.Id, "t1", TaskState.TaskRunning, out _));
        Send(framework, new Call { Type = Call.Types.Type.Teardown });

        var metrics = Metrics();
        metrics["master/task_killed/source_master/reason_framework_removed"].Should().Be(1);
        metrics["master/task_lost/source_master/reason_invalid_offers"].Should().Be(1, "the second launch named an offer already used");
        metrics.Keys.Should().NotContain(k => k.StartsWith("master/task_finished/", StringComparison.Ordinal));
    }

    [Fact]
    public void Acknowledgements_that_cannot_reach_an_agent_are_invalid()
    {
        var agent = SubscribeAgent();
        var framework = SubscribeFramework();
        var uuid = Google.Protobuf.ByteString.CopyFrom(Guid.NewGuid().ToByteArray());
        Send(framework, new Call { Type = Call.Types.Type.Acknowledge, Acknowledge = new() { AgentId = new() { Value = "nowhere" }, TaskId = new() { Value = "t" }, Uuid = uuid } });
        Send(framework, new Call { Type = Call.Types.Type.Acknowledge, Acknowledge = new() { AgentId = agent.Id, TaskId = new() { Value = "t" }, Uuid = Google.Protobuf.ByteString.CopyFromUtf8("short") } })
            .Should().BeOfType<CallRefused>();
        Send(framework, new Call { Type = Call.Types.Type.Acknowledge, Acknowledge = new() { AgentId = agent.Id, TaskId = new() { Value = "t" }, Uuid = uuid } });

        var metrics = Metrics();
        metrics["master/invalid_status_update_acknowledgements"].Should().Be(2);
        metrics["master/valid_status_update_acknowledgements"].Should().Be(1);
    }

    [Fact]
    public void Allocation_rounds_are_counted_and_timed()
    {
        var before = Metrics()["allocator/mesos/allocation_runs"];
        SubscribeAgent();
        SubscribeFramework();
        Advance(TimeSpan.FromSeconds(3));

        var metrics = Metrics();
        var runs = metrics["allocator/mesos/allocation_runs"];
        runs.Should().BeGreaterThanOrEqualTo(before + 4, "a round after each subscription and one every second");
        metrics["allocator/mesos/allocation_run_ms/count"].Should().Be(runs);
        metrics["allocator/mesos/allocation_run_latency_ms/count"].Should().Be(runs);
        metrics["allocator/mesos/allocation_run_ms/max"].Should().BeGreaterThanOrEqualTo(metrics["allocator/mesos/allocation_run_ms/p50"]);
        metrics["allocator/mesos/allocation_run_ms/min"].Should().BeGreaterThan(0);
    }

    [Fact]
    public void Unreachable_agents_are_scheduled_and_completed_at_once_and_message_counters_start_at_zero()
    {
        SubscribeAgent();
        Advance(PingTimeout * 6);
        var metrics = Metrics();
        metrics["master/slave_unreachable_scheduled"].Should().Be(1);
        metrics["master/slave_unreachable_canceled"].Should().Be(0);
        metrics["master/slave_removals"].Should().Be(1, "Mesos counts an agent marked unreachable as removed");
        metrics["master/slave_removals/reason_unhealthy"].Should().Be(1);
        metrics["master/recovery_slave_removals"].Should().Be(0);
        metrics["master/slave_shutdowns_scheduled"].Should().Be(0);
        metrics["master/valid_framework_to_executor_messages"].Should().Be(0);
    }
}
