using Mesos.Actors.Agent;
using Mesos.Actors.Protocol;

namespace Mesos.Actors.Tests.Agent;

public sealed class ResourceDetectionTests
{
    private const long Gigabyte = 1L << 30;

    [Fact]
    public void This_machine_has_all_its_cores_some_memory_and_the_default_ports()
    {
        var machine = MachineFacts.Read(Path.GetTempPath());

        var resources = ResourceDetection.Resolve("", machine);

        resources.Scalar("cpus").Should().Be(Environment.ProcessorCount);
        resources.Scalar("mem").Should().BePositive();
        resources.Scalar("disk").Should().BePositive();
        resources.Ranges("ports").Should().Equal((31000UL, 32000UL));
    }

    [Fact]
    public void Memory_and_disk_keep_a_reserve_for_the_system_in_megabytes()
    {
        var resources = ResourceDetection.Detected(new MachineFacts(8, 16 * Gigabyte, 200 * Gigabyte));

        resources.Scalar("mem").Should().Be(15 * 1024);
        resources.Scalar("disk").Should().Be(195 * 1024);
        resources.Scalar("cpus").Should().Be(8);
    }

    [Fact]
    public void A_small_machine_offers_half_its_memory_and_disk()
    {
        var resources = ResourceDetection.Detected(new MachineFacts(1, Gigabyte, 8 * Gigabyte));

        resources.Scalar("mem").Should().Be(512);
        resources.Scalar("disk").Should().Be(4 * 1024);
    }

    [Fact]
    public void Resources_named_by_the_flag_win_and_the_rest_are_detected()
    {
        var resources = ResourceDetection.Resolve("cpus:2;ports:[5000-5010];gpus:1", new MachineFacts(8, 16 * Gigabyte, 200 * Gigabyte));

        resources.Scalar("cpus").Should().Be(2);
        resources.Scalar("gpus").Should().Be(1);
        resources.Ranges("ports").Should().Equal((5000UL, 5010UL));
        resources.Scalar("mem").Should().Be(15 * 1024);
        resources.Names.Should().Equal("cpus", "disk", "gpus", "mem", "ports");
    }

    [Fact]
    public void A_malformed_flag_is_refused()
    {
        var resolve = () => ResourceDetection.Resolve("cpus:lots", new MachineFacts(1, Gigabyte, Gigabyte));

        resolve.Should().Throw<FormatException>();
    }
}
