using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Mesos.Actors.Protocol;
using Mesos.Host.Marathon.Apps;
using Mesos.Host.Marathon.Events;
using Mesos.Host.Marathon.Scheduler;
using Mesos.V1;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Host.Tests.Marathon;

/// <summary>Marathon's scheduler actor on Akka's in-memory journal and virtual time, with a probe in place of its framework.</summary>
public sealed class MarathonActorTests : TestKit
{
    private static readonly Config WithHeldJournal = ConfigurationFactory.ParseString("""
        akka.persistence.journal.held {
          class = "Mesos.Host.Tests.Marathon.MarathonActorTests+HeldJournal, Mesos.Host.Tests"
          plugin-dispatcher = "akka.actor.default-dispatcher"
        }
        """).WithFallback(ActorTestConfig.VirtualTimeAndMemoryJournal).WithFallback(ConfigurationFactory.ParseString(MarathonSerializer.Config));

    private readonly TestProbe _framework;

    public MarathonActorTests() : base(WithHeldJournal)
    {
        _framework = CreateTestProbe();
    }

    private int _frameworksStarted;

    /// <param name="apps">The apps' entities; new ones on <paramref name="journal"/> when none are given.</param>
    private IActorRef StartMarathon((string Journal, string Snapshots)? journal = null, IActorRef? apps = null)
    {
        var framework = _framework.Ref;
        apps ??= Sys.ActorOf(LocalAppEntities.Props(journal));
        return Sys.ActorOf(MarathonActor.Props("marathon", apps, _ =>
        {
            _frameworksStarted++;
            return Props.Create(() => new Forwarder(framework));
        }, new MarathonEventBus(), TimeSpan.FromMinutes(10), journal));
    }

    private TestScheduler Clock => (TestScheduler)Sys.Scheduler;

    private static AppDefinition App(string cmd = "sleep 1000", int instances = 1) => new() { Id = "/web", Cmd = cmd, Cpus = 0.1, Mem = 32, Instances = instances };

    private static Offer Offer(int n) => MarathonTestData.Offer("h" + n, "cpus:4;mem:1024;ports:[31000-31010]");

    private static TaskStatus Status(string taskId, TaskState state, string? agent = "agent-h1") => new()
    {
        TaskId = new TaskID { Value = taskId },
        State = state,
        AgentId = agent is null ? null : new AgentID { Value = agent },
        Uuid = Google.Protobuf.ByteString.CopyFromUtf8(Guid.NewGuid().ToString()),
    };

    private T Expect<T>() => _framework.FishForMessage<T>(_ => true);

    private void Subscribe(IActorRef marathon)
    {
        marathon.Tell(new MarathonFramework.Subscribed("fw-1"), _framework.Ref);
    }

    private IReadOnlyList<TaskInfo> Launched(IActorRef marathon, int offer)
    {
        marathon.Tell(new MarathonFramework.Offers([Offer(offer)]), _framework.Ref);
        return Expect<MarathonFramework.LaunchTasks>().Tasks;
    }

    [Fact]
    public void An_app_is_launched_on_an_offer_recorded_running_and_a_new_configuration_replaces_it()
    {
        var marathon = StartMarathon();
        Subscribe(marathon);
        marathon.Tell(new MarathonActor.CreateApps([App()]));
        ExpectMsg<MarathonActor.DeploymentAccepted>();
        var first = Launched(marathon, 1).Single();
        marathon.Tell(new MarathonFramework.Update(Status(first.TaskId.Value, TaskState.TaskRunning)), _framework.Ref);
        Expect<MarathonFramework.AcknowledgeUpdate>();
        AwaitDeployments(marathon, 0);

        marathon.Tell(new MarathonActor.PutApps([App("sleep 2000")], Force: false));
        ExpectMsg<MarathonActor.DeploymentAccepted>();
        var second = Launched(marathon, 2).Single();
        marathon.Tell(new MarathonFramework.Update(Status(second.TaskId.Value, TaskState.TaskRunning, "agent-h2")), _framework.Ref);

        Expect<MarathonFramework.KillTask>().TaskId.Should().Be(first.TaskId.Value);
        second.Command.Value.Should().Be("sleep 2000");
        marathon.Tell(new MarathonFramework.Update(Status(first.TaskId.Value, TaskState.TaskKilled)), _framework.Ref);
        AwaitDeployments(marathon, 0).State.Instances.Keys.Should().Equal(second.TaskId.Value);
    }

    [Fact]
    public void A_deployment_that_misses_its_deadline_is_rolled_back_with_the_reason()
    {
        var marathon = StartMarathon();
        Subscribe(marathon);
        marathon.Tell(new MarathonActor.CreateApps([App() with { UpgradeStrategy = new UpgradeStrategy(1, 1, DeadlineSeconds: 30) }]));
        var created = ExpectMsg<MarathonActor.DeploymentAccepted>();
        // A task that never runs keeps the deployment from finishing, and the rollback's stop waits until it is gone.
        var task = Launched(marathon, 1).Single().TaskId.Value;

        Clock.Advance(TimeSpan.FromSeconds(29));
        AwaitDeployments(marathon, 1).State.Deployments.Keys.Should().Equal(created.DeploymentId);
        Clock.Advance(TimeSpan.FromSeconds(2));

        Expect<MarathonFramework.KillTask>().TaskId.Should().Be(task);
        var view = AwaitDeployments(marathon, 1);
        view.State.Apps.Should().BeEmpty("the rollback of a new app removes it");
        view.State.Deployments.Values.Single().Actions.Single().Action.Should().Be("StopApplication");
        view.State.Deployments.Values.Single().Deadline.Should().BeNull();
    }

    [Fact]
    public void Offers_are_suppressed_while_nothing_waits_and_revived_when_an_app_does()
    {
        var marathon = StartMarathon();
        Subscribe(marathon);
        Expect<MarathonFramework.SuppressOffers>();

        marathon.Tell(new MarathonActor.CreateApps([App()]));
        Expect<MarathonFramework.ReviveOffers>();
        var task = Launched(marathon, 1).Single();
        Expect<MarathonFramework.SuppressOffers>();
        marathon.Tell(new MarathonFramework.Update(Status(task.TaskId.Value, TaskState.TaskFailed)), _framework.Ref);
        Expect<MarathonFramework.AcknowledgeUpdate>();

        // The failure's backoff holds the relaunch, so offers stay suppressed until it ends.
        _framework.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Clock.Advance(TimeSpan.FromSeconds(1));
        Expect<MarathonFramework.ReviveOffers>();
    }

    [Fact]
    public void Offers_that_come_before_the_act_on_a_change_are_matched_against_the_plans_after_it()
    {
        var marathon = StartMarathon();
        marathon.Tell(new MarathonActor.CreateApps([App()]));
        ExpectMsg<MarathonActor.DeploymentAccepted>();

        // The offers come right behind the subscription, before or after the first act: either way they serve the app.
        Subscribe(marathon);
        Launched(marathon, 1).Should().ContainSingle();
    }

    [Fact]
    public void Abdicating_stops_the_framework_and_a_new_one_reconciles_every_task_before_anything_else()
    {
        var marathon = StartMarathon();
        Subscribe(marathon);
        marathon.Tell(new MarathonActor.CreateApps([App()]));
        ExpectMsg<MarathonActor.DeploymentAccepted>();
        var task = Launched(marathon, 1).Single();

        marathon.Tell(MarathonActor.Abdicate.Instance);
        ExpectMsg<MarathonActor.Done>();
        AwaitCondition(() => _frameworksStarted == 2);
        Subscribe(marathon);

        Expect<MarathonFramework.ReconcileTasks>().Tasks.Select(t => t.TaskId).Should().Equal(task.TaskId.Value);
        marathon.Tell(MarathonActor.GetView.Instance);
        ExpectMsg<MarathonActor.View>().Reconciled.Should().BeFalse("the task's state is asked for again first");
    }

    [Fact]
    public void After_a_restart_the_scheduler_takes_apps_and_instances_from_their_entities_and_reconciles_those_tasks_first()
    {
        var apps = Sys.ActorOf(LocalAppEntities.Props());
        var marathon = StartMarathon(apps: apps);
        Subscribe(marathon);
        marathon.Tell(new MarathonActor.CreateApps([App(instances: 2)]));
        ExpectMsg<MarathonActor.DeploymentAccepted>();
        var tasks = Launched(marathon, 1).Select(t => t.TaskId.Value).ToList();
        marathon.Tell(new MarathonFramework.Update(Status(tasks[0], TaskState.TaskRunning)), _framework.Ref);
        Expect<MarathonFramework.AcknowledgeUpdate>();
        Watch(marathon);
        Sys.Stop(marathon);
        ExpectTerminated(marathon);
        // What the entity holds, not a copy in the scheduler's journal, is what the scheduler starts from.
        var extra = MarathonTestData.Instance("web.extra", MarathonTestData.T0);
        apps.Tell(new Akka.Cluster.Sharding.ShardingEnvelope("/web", new AppEntity.Record([new Mesos.Host.Marathon.State.InstanceLaunched(extra)])));
        ExpectMsg<AppEntity.Recorded>();

        var again = StartMarathon(apps: apps);
        AwaitCondition(() => _frameworksStarted == 2);
        Subscribe(again);

        Expect<MarathonFramework.ReconcileTasks>().Tasks.Select(t => t.TaskId).Should().BeEquivalentTo([.. tasks, "web.extra"]);
        again.Tell(MarathonActor.GetView.Instance);
        var view = ExpectMsg<MarathonActor.View>();
        view.Reconciled.Should().BeFalse("nothing is decided before the master has told these tasks' states");
        view.State.Apps["/web"].Definition.Instances.Should().Be(2);
        view.State.Instances[tasks[0]].State.Should().Be("TASK_RUNNING");
        view.State.Instances.Keys.Should().BeEquivalentTo([.. tasks, "web.extra"]);
        view.State.Deployments.Should().ContainSingle("the deployment, the scheduler's own, is recovered from its journal");
    }

    [Fact]
    public async System.Threading.Tasks.Task An_app_removed_whose_tasks_have_ended_is_no_longer_listed_and_its_entity_is_forgotten()
    {
        var apps = Sys.ActorOf(LocalAppEntities.Props());
        var marathon = StartMarathon(apps: apps);
        Subscribe(marathon);
        marathon.Tell(new MarathonActor.CreateApps([App()]));
        ExpectMsg<MarathonActor.DeploymentAccepted>();
        var task = Launched(marathon, 1).Single().TaskId.Value;
        marathon.Tell(new MarathonFramework.Update(Status(task, TaskState.TaskRunning)), _framework.Ref);
        AwaitDeployments(marathon, 0);
        var entity = await Sys.ActorSelection(apps.Path / Uri.EscapeDataString("/web")).ResolveOne(TimeSpan.FromSeconds(3));
        Watch(entity);

        marathon.Tell(new MarathonActor.RemoveApps(["/web"], Force: false));
        ExpectMsg<MarathonActor.DeploymentAccepted>();
        Expect<MarathonFramework.KillTask>().TaskId.Should().Be(task);
        entity.Tell(AppEntity.GetRecord.Instance);
        ExpectMsg<Mesos.Host.Marathon.State.AppRecord>().Instances.Should().ContainSingle("a removed app's entity stays while its task runs");
        marathon.Tell(new MarathonFramework.Update(Status(task, TaskState.TaskKilled)), _framework.Ref);

        ExpectTerminated(entity);
    }

    [Fact]
    public void An_unreachable_instance_is_replaced_after_inactive_after_seconds_and_forgotten_after_expunge_after_seconds()
    {
        var marathon = StartMarathon();
        Subscribe(marathon);
        marathon.Tell(new MarathonActor.CreateApps([App() with { UnreachableStrategy = new UnreachableStrategy(60, 120) }]));
        ExpectMsg<MarathonActor.DeploymentAccepted>();
        var first = Launched(marathon, 1).Single().TaskId.Value;
        marathon.Tell(new MarathonFramework.Update(Status(first, TaskState.TaskRunning)), _framework.Ref);
        marathon.Tell(new MarathonFramework.Update(Status(first, TaskState.TaskUnreachable)), _framework.Ref);

        marathon.Tell(new MarathonFramework.Offers([Offer(2)]), _framework.Ref);
        Expect<MarathonFramework.DeclineOffers>();
        Clock.Advance(TimeSpan.FromSeconds(61));
        var replacement = Launched(marathon, 3).Single().TaskId.Value;
        AwaitAssert(() =>
        {
            marathon.Tell(MarathonActor.GetView.Instance);
            ExpectMsg<MarathonActor.View>().State.Instances.Keys.Should().BeEquivalentTo([first, replacement], "the unreachable instance is kept until it is expunged");
        });
        Clock.Advance(TimeSpan.FromSeconds(59));

        // The actor may set its timer for the expunge while the clock jumps (it reads the time, then schedules), which
        // puts the timer past the jump: the clock moves on a second at a time until the timer has fired.
        AwaitAssert(() =>
        {
            Clock.Advance(TimeSpan.FromSeconds(1));
            marathon.Tell(MarathonActor.GetView.Instance);
            ExpectMsg<MarathonActor.View>().State.Instances.Keys.Should().Equal(replacement);
        }, TimeSpan.FromSeconds(10));
        marathon.Tell(new MarathonFramework.Update(Status(first, TaskState.TaskRunning)), _framework.Ref);
        Expect<MarathonFramework.KillTask>().TaskId.Should().Be(first, "an expunged task that comes back is one too many");
    }

    private MarathonActor.View AwaitDeployments(IActorRef marathon, int count)
    {
        MarathonActor.View view = null!;
        AwaitAssert(() =>
        {
            marathon.Tell(MarathonActor.GetView.Instance);
            view = ExpectMsg<MarathonActor.View>();
            view.State.Deployments.Should().HaveCount(count);
        });
        return view;
    }

    [Fact]
    public void The_instances_waiting_are_shared_out_over_the_offers_that_came_together()
    {
        var marathon = StartMarathon();
        Subscribe(marathon);
        marathon.Tell(new MarathonActor.CreateApps([App(instances: 10)]));
        ExpectMsg<MarathonActor.DeploymentAccepted>();

        marathon.Tell(new MarathonFramework.Offers([Offer(1), Offer(2), Offer(3)]), _framework.Ref);

        // Each offer holds all ten; shared out, the first takes ceil(10 / 3) and the others the rest between them.
        var launches = new[] { Expect<MarathonFramework.LaunchTasks>(), Expect<MarathonFramework.LaunchTasks>(), Expect<MarathonFramework.LaunchTasks>() };
        launches.Select(l => (l.Offer.Hostname, l.Tasks.Count)).Should().Equal(("h1", 4), ("h2", 3), ("h3", 3));
    }

    [Fact]
    public void Offers_that_arrive_while_launches_are_written_do_not_launch_the_same_instances_again()
    {
        var marathon = StartMarathon();
        Subscribe(marathon);
        marathon.Tell(new MarathonActor.CreateApps([App(instances: 10)]));
        ExpectMsg<MarathonActor.DeploymentAccepted>();

        // The second offer is in the mailbox before the launches on the first are written, and so before the next plan.
        marathon.Tell(new MarathonFramework.Offers([Offer(1)]), _framework.Ref);
        marathon.Tell(new MarathonFramework.Offers([Offer(2)]), _framework.Ref);

        // The decline of the second offer may come before the launch on the first, which waits for its write.
        var answers = Enumerable.Range(0, 2).Select(_ => _framework.FishForMessage<object>(m => m is MarathonFramework.LaunchTasks or MarathonFramework.DeclineOffers)).ToList();
        answers.OfType<MarathonFramework.LaunchTasks>().Single().Tasks.Should().HaveCount(10);
        answers.OfType<MarathonFramework.DeclineOffers>().Single().OfferIds.Single().Value.Should().Be("offer-h2");
        AwaitDeployments(marathon, 1).State.Instances.Should().HaveCount(10);
    }

    [Fact]
    public void Status_updates_that_arrive_while_a_write_is_under_way_are_recorded_together_in_the_next_write()
    {
        var marathon = StartMarathon(("akka.persistence.journal.held", "akka.persistence.snapshot-store.inmem"));
        Subscribe(marathon);
        marathon.Tell(new MarathonActor.CreateApps([App(instances: 10)]));
        ExpectMsg<MarathonActor.DeploymentAccepted>();
        var tasks = Launched(marathon, 1);
        var writes = CreateTestProbe();
        Sys.EventStream.Subscribe(writes.Ref, typeof(HeldJournal.Written));

        // Every update is in the mailbox before the first write that holds one of them is let go.
        using (HeldJournal.Hold())
        {
            foreach (var task in tasks) marathon.Tell(new MarathonFramework.Update(Status(task.TaskId.Value, TaskState.TaskRunning)), _framework.Ref);
        }

        var written = new List<int>();
        while (written.Sum() < tasks.Count) written.Add(writes.ExpectMsg<HeldJournal.Written>().Events);
        written.Should().HaveCountLessThanOrEqualTo(2, "the updates that came while the first was written go in one write, not one write each");
        Enumerable.Range(0, tasks.Count).Select(_ => Expect<MarathonFramework.AcknowledgeUpdate>().Status.TaskId.Value)
            .Should().BeEquivalentTo(tasks.Select(t => t.TaskId.Value));
        AwaitDeployments(marathon, 0).State.Instances.Values.Should().OnlyContain(i => i.State == "TASK_RUNNING");
    }

    /// <summary>The in-memory journal, whose writes can be held until a test lets them go, and which says how many events each wrote.</summary>
    private sealed class HeldJournal : Akka.Persistence.Journal.MemoryJournal
    {
        private static TaskCompletionSource? _held;

        public sealed record Written(int Events);

        /// <summary>Holds every write until the returned handle is disposed.</summary>
        public static IDisposable Hold()
        {
            var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _held = held;
            return new Release(held);
        }

        protected override async Task<System.Collections.Immutable.IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<Akka.Persistence.AtomicWrite> messages,
            CancellationToken cancellationToken)
        {
            var writes = messages.ToList();
            var events = writes.Sum(w => ((IEnumerable<Akka.Persistence.IPersistentRepresentation>)w.Payload).Count());
            var system = Context.System;
            var result = await base.WriteMessagesAsync(writes, cancellationToken);
            if (_held is { } held) await held.Task;
            system.EventStream.Publish(new Written(events));
            return result;
        }

        private sealed class Release(TaskCompletionSource held) : IDisposable
        {
            public void Dispose()
            {
                _held = null;
                held.TrySetResult();
            }
        }
    }

    private sealed class Forwarder : ReceiveActor
    {
        public Forwarder(IActorRef to) => ReceiveAny(m => to.Forward(m));
    }
}
