using Akka.Configuration;
using Mesos.Actors.Containerizer;
using Mesos.Actors.Settings;

namespace Mesos.Actors.Tests.Containerizer;

public sealed class ContainerizerSettingsTests
{
    private static ContainerizerSettings Bind(string hocon) =>
        ContainerizerSettings.FromConfig(ReferenceConfig.WithDefaults(ConfigurationFactory.ParseString(hocon)).GetConfig("mesos.agent"));

    [Fact]
    public void The_defaults_are_Mesos_own()
    {
        var settings = Bind("");

        settings.Containerizers.Should().Equal("mesos");
        settings.Isolation.ToString().Should().Be("posix/cpu,posix/mem");
        settings.CgroupsRoot.Should().Be("mesos");
        settings.FetcherCacheSize.Should().Be(2L << 30);
        settings.FetcherCacheDir.Should().BeEmpty();
    }

    [Fact]
    public void Flags_in_Mesos_forms_are_bound()
    {
        var settings = Bind("""
            mesos.agent { containerizers = "docker,mesos", isolation = "cgroups/cpu,cgroups/mem,namespaces/pid", fetcher-cache-size = "512MB", fetcher-cache-dir = "/var/cache/mesos" }
            """);

        settings.Containerizers.Should().Equal("docker", "mesos");
        settings.Isolation.PidNamespace.Should().BeTrue();
        settings.FetcherCacheSize.Should().Be(512L << 20);
        settings.FetcherCacheDir.Should().Be("/var/cache/mesos");
    }

    [Theory]
    [InlineData("containerizers = \"mesos,rkt\"", "Unknown or unsupported containerizer 'rkt' in --containerizers")]
    [InlineData("containerizers = \"\"", "--containerizers names no containerizer")]
    [InlineData("containerizers = \"mesos,mesos\"", "--containerizers names a containerizer twice")]
    [InlineData("isolation = \"cgroups/cpu,gpu/nvidia\"", "Unknown or unsupported isolator 'gpu/nvidia' in --isolation")]
    [InlineData("cgroups-root = \"../escape\"", "--cgroups_root must be a relative cgroup path")]
    [InlineData("fetcher-cache-size = \"lots\"", "--fetcher_cache_size 'lots' is not a size such as 2GB or 512MB")]
    [InlineData("fetcher-cache-dir = \"relative/cache\"", "--fetcher_cache_dir must be an absolute path")]
    public void A_setting_the_agent_cannot_use_stops_it_with_a_message(string setting, string message)
    {
        var bind = () => Bind($"mesos.agent {{ {setting} }}");

        bind.Should().Throw<ConfigurationException>().Which.Message.Should().Contain(message);
    }
}
