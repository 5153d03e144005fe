using Mesos.Actors.Master;
using Mesos.Actors.Master.Operator;
using Mesos.V1;

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
}
