namespace Mesos.Host.Tests.Docker;

/// <summary>The Docker engine and image tests/deps/docker.sh made ready (nothing is ever pulled).</summary>
internal static class DockerEnvironment
{
    public static string Socket => Environment.GetEnvironmentVariable("MESOS_TEST_DOCKER_SOCKET") is { Length: > 0 } socket ? socket : "/var/run/docker.sock";

    public static string Image => Environment.GetEnvironmentVariable("MESOS_TEST_DOCKER_IMAGE") is { Length: > 0 } image ? image : "mesos-test/busybox:latest";
}
