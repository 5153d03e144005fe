using System.Collections.Immutable;
using System.Globalization;
using Mesos.Actors.Protocol;
using Mesos.Host.Marathon.Apps;
using Mesos.Host.Marathon.State;
using Mesos.V1;

namespace Mesos.Host.Marathon.Launching;

/// <summary>The Mesos task an instance runs as: its command or container, Marathon's environment ($PORT0, $HOST, ...) and health check.</summary>
public static class InstanceTasks
{
    /// <summary>A task id as Marathon mints them: the app's path with '_' for '/', a dot, a unique suffix.</summary>
    public static string NewTaskId(string appId) => $"{PathId.TaskPrefix(appId)}.{Guid.NewGuid():D}";

    public static TaskInfo Build(AppEntry entry, string taskId, Offer offer, ImmutableArray<int> ports, Resources resources)
    {
        var app = entry.Definition;
        var command = new CommandInfo { Environment = Environment(entry, taskId, offer.Hostname, ports) };
        if (app.Cmd is { } cmd)
        {
            command.Shell = true;
            command.Value = cmd;
        }
        else if (app.Args is { Length: > 0 } args)
        {
            command.Shell = false;
            // Without a shell Mesos runs value with arguments as its argv; Docker passes the arguments to the image.
            if (app.Container?.Docker is null) command.Value = args[0];
            command.Arguments.AddRange(args);
        }
        else
        {
            // A Docker app without cmd or args runs its image's entry point.
            command.Shell = false;
        }
        if (app.User is { } user) command.User = user;
        command.Uris.AddRange(app.Fetch.Select(f => new CommandInfo.Types.URI
        {
            Value = f.Uri, Executable = f.Executable, Extract = f.Extract, Cache = f.Cache, OutputFile = f.OutputFile ?? "",
        }));
        var task = new TaskInfo
        {
            Name = PathId.TaskPrefix(app.Id).Replace('_', '.'),
            TaskId = new TaskID { Value = taskId },
            AgentId = offer.AgentId,
            Resources = { resources.ToProtos() },
            Command = command,
        };
        if (app.Labels.Count > 0) task.Labels = new Labels { Labels_ = { app.Labels.Select(l => new Label { Key = l.Key, Value = l.Value }) } };
        if (app.Container is { } container) task.Container = Container(container, ports);
        if (app.HealthChecks.FirstOrDefault() is { } check) task.HealthCheck = HealthCheck(app, check, ports);
        return task;
    }

    private static Mesos.V1.Environment Environment(AppEntry entry, string taskId, string host, ImmutableArray<int> ports)
    {
        var app = entry.Definition;
        var variables = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in app.Env) variables[name] = value;
        variables["MARATHON_APP_ID"] = app.Id;
        variables["MARATHON_APP_VERSION"] = AppVersions.Format(entry.Version);
        variables["MARATHON_APP_RESOURCE_CPUS"] = app.Cpus.ToString(CultureInfo.InvariantCulture);
        variables["MARATHON_APP_RESOURCE_MEM"] = app.Mem.ToString(CultureInfo.InvariantCulture);
        variables["MARATHON_APP_RESOURCE_DISK"] = app.Disk.ToString(CultureInfo.InvariantCulture);
        variables["MARATHON_APP_LABELS"] = string.Join(' ', app.Labels.Keys);
        if (app.Container?.Docker is { } docker) variables["MARATHON_APP_DOCKER_IMAGE"] = docker.Image;
        variables["MESOS_TASK_ID"] = taskId;
        variables["HOST"] = host;
        foreach (var (name, value) in PortVariables(app, ports)) variables[name] = value;
        var environment = new Mesos.V1.Environment();
        environment.Variables.AddRange(variables.Select(v => new Mesos.V1.Environment.Types.Variable { Name = v.Key, Value = v.Value }));
        return environment;
    }

    /// <summary>
    /// The host ports as Marathon hands them to a task: PORT0, PORT1, ... and PORT (the first), PORTS (all, by
    /// commas), PORT_&lt;number&gt; for a port the app asks for by number (a container port or a port definition's
    /// port), and PORT_&lt;NAME&gt; for a named one.
    /// </summary>
    private static IReadOnlyDictionary<string, string> PortVariables(AppDefinition app, ImmutableArray<int> ports)
    {
        var variables = new SortedDictionary<string, string>(StringComparer.Ordinal);
        string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
        variables["PORTS"] = string.Join(',', ports.Select(Text));
        for (var i = 0; i < ports.Length; i++) variables[$"PORT{i}"] = Text(ports[i]);
        if (ports.Length > 0) variables["PORT"] = Text(ports[0]);
        var declared = app.DeclaredPorts;
        for (var i = 0; i < declared.Count && i < ports.Length; i++)
        {
            if (declared[i].Requested != 0) variables.TryAdd($"PORT_{declared[i].Requested}", Text(ports[i]));
            if (declared[i].Name is { } name) variables[$"PORT_{name.ToUpperInvariant().Replace('-', '_')}"] = Text(ports[i]);
        }
        return variables;
    }

    private static ContainerInfo Container(AppContainer container, ImmutableArray<int> ports)
    {
        var info = new ContainerInfo { Type = container.Type == "MESOS" ? ContainerInfo.Types.Type.Mesos : ContainerInfo.Types.Type.Docker };
        info.Volumes.AddRange(container.Volumes.Select(v => new Volume
        {
            ContainerPath = v.ContainerPath,
            HostPath = v.HostPath,
            Mode = v.Mode == "RO" ? Volume.Types.Mode.Ro : Volume.Types.Mode.Rw,
        }));
        if (container.Docker is not { } docker) return info;
        if (info.Type == ContainerInfo.Types.Type.Mesos)
        {
            info.Mesos = new ContainerInfo.Types.MesosInfo { Image = new Image { Type = Image.Types.Type.Docker, Docker = new Image.Types.Docker { Name = docker.Image } } };
            return info;
        }
        info.Docker = new ContainerInfo.Types.DockerInfo
        {
            Image = docker.Image,
            Privileged = docker.Privileged,
            ForcePullImage = docker.ForcePullImage,
            Network = docker.Network switch
            {
                DockerSettings.Bridge => ContainerInfo.Types.DockerInfo.Types.Network.Bridge,
                "NONE" => ContainerInfo.Types.DockerInfo.Types.Network.None,
                _ => ContainerInfo.Types.DockerInfo.Types.Network.Host,
            },
        };
        info.Docker.Parameters.AddRange(docker.Parameters.Select(p => new Parameter { Key = p.Key, Value = p.Value }));
        for (var i = 0; i < container.PortMappings.Length && i < ports.Length; i++)
        {
            info.Docker.PortMappings.Add(new ContainerInfo.Types.DockerInfo.Types.PortMapping
            {
                HostPort = (uint)ports[i],
                ContainerPort = (uint)ContainerPort(container.PortMappings[i], ports[i]),
                Protocol = container.PortMappings[i].Protocol,
            });
        }
        return info;
    }

    // A container port of 0 is the same number as its host port.
    private static int ContainerPort(PortMapping mapping, int hostPort) => mapping.ContainerPort != 0 ? mapping.ContainerPort : hostPort;

    /// <summary>
    /// The port an HTTP or TCP check probes: the one it names, else the task's port at its portIndex, which for a
    /// bridged container is the container port, since the agent probes the container's own address.
    /// </summary>
    private static int CheckedPort(AppDefinition app, AppHealthCheck check, ImmutableArray<int> ports)
    {
        if (check.Port is { } port) return port;
        var index = check.PortIndex ?? 0;
        if (index >= ports.Length) return 0;
        return app.Container is { Docker.Network: DockerSettings.Bridge } container && index < container.PortMappings.Length
            ? ContainerPort(container.PortMappings[index], ports[index])
            : ports[index];
    }

    // The agent runs the check, as Marathon's MESOS_ checks have Mesos do.
    private static HealthCheck HealthCheck(AppDefinition app, AppHealthCheck check, ImmutableArray<int> ports)
    {
        var health = new HealthCheck
        {
            DelaySeconds = check.DelaySeconds,
            IntervalSeconds = check.IntervalSeconds,
            TimeoutSeconds = check.TimeoutSeconds,
            ConsecutiveFailures = (uint)check.MaxConsecutiveFailures,
            GracePeriodSeconds = check.GracePeriodSeconds,
        };
        var port = (uint)CheckedPort(app, check, ports);
        switch (check.Protocol)
        {
            case "COMMAND":
                health.Type = Mesos.V1.HealthCheck.Types.Type.Command;
                health.Command = new CommandInfo { Shell = true, Value = check.Command ?? "" };
                break;
            case "MESOS_TCP":
                health.Type = Mesos.V1.HealthCheck.Types.Type.Tcp;
                health.Tcp = new HealthCheck.Types.TCPCheckInfo { Port = port };
                break;
            default:
                health.Type = Mesos.V1.HealthCheck.Types.Type.Http;
                health.Http = new HealthCheck.Types.HTTPCheckInfo { Port = port, Path = check.Path ?? "/", Scheme = check.Protocol == "MESOS_HTTPS" ? "https" : "http" };
                break;
        }
        return health;
    }
}
