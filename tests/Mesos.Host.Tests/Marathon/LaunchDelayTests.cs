using Mesos.Host.Marathon.Apps;
using Mesos.Host.Marathon.Launching;
using static Mesos.Host.Tests.Marathon.MarathonTestData;

namespace Mesos.Host.Tests.Marathon;

/// <summary>Marathon's launch backoff: backoffSeconds growing by backoffFactor up to maxLaunchDelaySeconds.</summary>
public sealed class LaunchDelayTests
{
    [Fact]
    public void Each_failure_waits_longer_up_to_the_maximum_and_a_reset_starts_over()
    {
        var app = new AppDefinition { Id = "/a", Cmd = "false", BackoffSeconds = 10, BackoffFactor = 2, MaxLaunchDelaySeconds = 30 };
        var delay = LaunchDelay.None;

        delay = delay.Failed(app, T0);
        delay.Until("/a", T0).Should().Be(T0.AddSeconds(10));
        delay = delay.Failed(app, T0);
        delay.Until("/a", T0).Should().Be(T0.AddSeconds(20));
        delay = delay.Failed(app, T0).Failed(app, T0);
        delay.Until("/a", T0).Should().Be(T0.AddSeconds(30));
        delay.Until("/a", T0.AddSeconds(31)).Should().BeNull();
        delay.NextEnd(T0).Should().Be(T0.AddSeconds(30));
        delay.Reset("/a").Until("/a", T0).Should().BeNull();
    }
}
