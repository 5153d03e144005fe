using Mesos.Actors.Master;
using Mesos.Actors.Master.Roles;
using Mesos.Actors.Protocol;
using Mesos.V1;

namespace Mesos.Actors.Tests.Master;

/// <summary>A master whose handler throws is restarted by Akka's default supervision, and comes back with its registry, never empty.</summary>
public sealed class MasterSupervisionTests : MasterHarness
{
    [Fact]
    public void A_master_whose_handler_throws_restarts_with_its_recovered_state()
    {
        var framework = SubscribeFramework(failoverTimeout: 3600);
        Master.Tell(new UpdateWeights([new WeightInfo { Role = "batch", Weight = 3 }]), TestActor);
        ExpectMsg<CallAccepted>();

        EventFilter.Exception<NullReferenceException>().ExpectOne(() => Master.Tell(new UpdateWeights(null!), TestActor));

        Master.Tell(GetMasterState.Instance, TestActor);
        var state = ExpectMsg<MasterState>(TimeSpan.FromSeconds(30));
        state.Weights.Should().ContainKey("batch").WhoseValue.Should().Be(3);
        state.Frameworks.Should().ContainSingle(f => f.Info.Id.Value == framework.Id.Value && !f.Connected,
            "the restarted master recovered the framework, whose stream ended with the old incarnation");
        Drain(framework.Events).Should().NotContain(e => e.Type == V1.Scheduler.Event.Types.Type.Error, "the framework was not torn down");
        framework.Events.Completion.IsCompleted.Should().BeTrue("its stream ended, so it subscribes again");
    }
}
