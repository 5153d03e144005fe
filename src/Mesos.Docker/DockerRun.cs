using System.Globalization;
using Docker.DotNet.Models;
using Mesos.Actors.Containerizer;
using Resources = Mesos.Actors.Protocol.Resources;
using Mesos.V1;
using Volume = Mesos.V1.Volume;

namespace Mesos.Docker;

/// <summary>
/// What Mesos' docker containerizer would run for a launch, as an Engine API container: the image, the
/// command (a shell command runs as <c>/bin/sh -c</c>, overriding the image's entrypoint), the sandbox
/// mounted at <see cref="MappedSandbox"/> as working directory, volumes, network and port mappings,
/// cpu shares (and a CFS quota with --cgroups_enable_cfs) and a memory limit from the resources, labels,
/// and the parameters Mesos would hand the docker CLI.
/// </summary>
internal static class DockerRun
{
    /// <summary>Where the sandbox appears inside the container (Mesos' --sandbox_directory).</summary>
    public const string MappedSandbox = "/mnt/mesos/sandbox";

    private const long SharesPerCpu = 1024;
    private const long MinShares = 2;
    private const long CfsPeriodMicros = 100_000;
    private const long MinCfsQuotaMicros = 1_000;
    private const long MinMemoryBytes = 32L * 1024 * 1024;

    public static string ContainerName(string containerId) => "mesos-" + containerId;

    /// <exception cref="ArgumentException">The ContainerInfo asks for what Docker or Mesos refuses; the message says what.</exception>
    public static CreateContainerParameters Parameters(ContainerLaunch launch, ContainerizerSettings settings)
    {
        if (launch.Container?.Docker is not { } docker || string.IsNullOrWhiteSpace(docker.Image))
        {
            throw new ArgumentException("A DOCKER container needs 'container.docker.image'");
        }
        var name = ContainerName(launch.ContainerId);
        var resources = Resources.FromProtos(launch.Resources);
        List<string> binds = [];
        List<string> env = [];
        var labels = new Dictionary<string, string>(launch.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        var host = new HostConfig
        {
            Binds = binds,
            Privileged = docker.Privileged,
            NetworkMode = Network(launch.Container),
        };
        var parameters = new CreateContainerParameters
        {
            Name = name,
            Image = docker.Image,
            WorkingDir = MappedSandbox,
            Env = env,
            Labels = labels,
            HostConfig = host,
        };
        Command(launch.Command, parameters);
        Environment(launch, name, env);
        Limits(resources, settings, host);
        foreach (var volume in launch.Container.Volumes) Bind(volume, launch.SandboxDirectory, binds);
        binds.Add(launch.SandboxDirectory + ":" + MappedSandbox);
        if (launch.Container.HasHostname)
        {
            if (host.NetworkMode == "host") throw new ArgumentException("Unable to set hostname with host network mode");
            parameters.Hostname = launch.Container.Hostname;
        }
        Ports(docker, resources, parameters, host);
        DockerParameters.Apply(docker.Parameters, new DockerParameters.Target(parameters, host, env, labels, binds));
        return parameters;
    }

    private static void Command(CommandInfo command, CreateContainerParameters parameters)
    {
        if (command.Shell)
        {
            if (!command.HasValue) throw new ArgumentException("Shell specified but no command value provided");
            // The image's entrypoint would receive "-c" as an argument: a shell command replaces it.
            parameters.Entrypoint = ["/bin/sh"];
            parameters.Cmd = ["-c", command.Value];
            return;
        }
        var argv = new List<string>();
        if (command.HasValue) argv.Add(command.Value);
        argv.AddRange(command.Arguments);
        if (argv.Count > 0) parameters.Cmd = argv;
    }

    // The agent's own environment stays outside: the container gets the launch's variables, with the sandbox as it sees it.
    private static void Environment(ContainerLaunch launch, string name, IList<string> env)
    {
        var variables = new Dictionary<string, string>(launch.Environment, StringComparer.Ordinal)
        {
            ["MESOS_SANDBOX"] = MappedSandbox,
            ["MESOS_CONTAINER_NAME"] = name,
        };
        foreach (var (key, value) in variables) env.Add(key + "=" + value);
    }

    private static void Limits(Resources resources, ContainerizerSettings settings, HostConfig host)
    {
        var cpus = resources.Scalar("cpus");
        if (cpus > 0)
        {
            host.CPUShares = Math.Max(MinShares, (long)(SharesPerCpu * cpus));
            if (settings.CgroupsEnableCfs)
            {
                host.CPUPeriod = CfsPeriodMicros;
                host.CPUQuota = Math.Max(MinCfsQuotaMicros, (long)(CfsPeriodMicros * cpus));
            }
        }
        var mem = resources.Scalar("mem");
        if (mem > 0) host.Memory = Math.Max(MinMemoryBytes, (long)(mem * 1024 * 1024));
    }

    private static string Network(ContainerInfo container) => container.Docker.Network switch
    {
        ContainerInfo.Types.DockerInfo.Types.Network.Host => "host",
        ContainerInfo.Types.DockerInfo.Types.Network.Bridge => "bridge",
        ContainerInfo.Types.DockerInfo.Types.Network.None => "none",
        ContainerInfo.Types.DockerInfo.Types.Network.User => container.NetworkInfos.Count == 1 && container.NetworkInfos[0].HasName
            ? container.NetworkInfos[0].Name
            : throw new ArgumentException("A USER network needs exactly one network_infos entry with a name"),
        var other => throw new ArgumentException($"Unsupported network mode {other}"),
    };

    // As Mesos: a relative container path is inside the mapped sandbox, a relative host path inside the sandbox.
    private static void Bind(Volume volume, string sandbox, IList<string> binds)
    {
        var containerPath = volume.ContainerPath.StartsWith('/') ? volume.ContainerPath : MappedSandbox + "/" + volume.ContainerPath;
        var mode = volume.Mode == V1.Volume.Types.Mode.Ro ? ":ro" : ":rw";
        if (volume.HasHostPath)
        {
            if (!volume.HostPath.StartsWith('/') && !volume.ContainerPath.StartsWith('/'))
            {
                throw new ArgumentException($"Both host_path '{volume.HostPath}' and container_path '{volume.ContainerPath}' of a volume are relative");
            }
            var hostPath = volume.HostPath.StartsWith('/') ? volume.HostPath : Path.Combine(sandbox, volume.HostPath);
            if (!volume.HostPath.StartsWith('/') && !Path.GetFullPath(hostPath).StartsWith(Path.GetFullPath(sandbox) + "/", StringComparison.Ordinal))
            {
                throw new ArgumentException($"The relative host_path '{volume.HostPath}' leaves the sandbox");
            }
            binds.Add(hostPath + ":" + containerPath + mode);
        }
        else if (volume.Source?.Type == V1.Volume.Types.Source.Types.Type.DockerVolume)
        {
            binds.Add(volume.Source.DockerVolume.Name + ":" + containerPath + mode);
        }
        else if (volume.Source is null)
        {
            throw new ArgumentException($"The volume at '{volume.ContainerPath}' needs a host_path or a DOCKER_VOLUME source");
        }
    }

    private static void Ports(ContainerInfo.Types.DockerInfo docker, Resources resources, CreateContainerParameters parameters, HostConfig host)
    {
        if (docker.PortMappings.Count == 0) return;
        if (host.NetworkMode is "host" or "none") throw new ArgumentException("Port mappings are only supported for bridge and user-defined networks");
        var ranges = resources.Ranges("ports");
        var exposed = new Dictionary<string, EmptyStruct>();
        var published = new Dictionary<string, IList<PortBinding>>();
        parameters.ExposedPorts = exposed;
        host.PortBindings = published;
        foreach (var mapping in docker.PortMappings)
        {
            if (!ranges.Any(r => mapping.HostPort >= r.Begin && mapping.HostPort <= r.End))
            {
                throw new ArgumentException($"Port [{mapping.HostPort}] not included in resources");
            }
            var protocol = mapping.HasProtocol && mapping.Protocol.Length > 0 ? mapping.Protocol.ToLowerInvariant() : "tcp";
            var key = mapping.ContainerPort.ToString(CultureInfo.InvariantCulture) + "/" + protocol;
            exposed[key] = default;
            if (!published.TryGetValue(key, out var bindings)) published[key] = bindings = [];
            bindings.Add(new PortBinding { HostPort = mapping.HostPort.ToString(CultureInfo.InvariantCulture) });
        }
    }
}
