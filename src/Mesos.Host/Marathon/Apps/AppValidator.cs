using System.Text.RegularExpressions;

namespace Mesos.Host.Marathon.Apps;

/// <summary>Checks an app on its own, as Marathon's validation does: every broken rule at its field's path.</summary>
public static partial class AppValidator
{
    public const int MaxInstances = 100_000;
    private const double MaxSeconds = 365 * 24 * 3600;
    private static readonly string[] Operators = ["UNIQUE", "CLUSTER", "GROUP_BY", "LIKE", "UNLIKE", "MAX_PER", "IS"];
    private static readonly string[] CheckProtocols = ["MESOS_HTTP", "MESOS_HTTPS", "MESOS_TCP", "COMMAND"];
    private static readonly string[] Networks = [DockerSettings.Host, DockerSettings.Bridge, "NONE"];
    private static readonly string[] PortProtocols = ["tcp", "udp", "udp,tcp", "tcp,udp"];

    public static void Validate(AppDefinition? app, ValidationErrors errors, string path)
    {
        if (app is null) return;
        if (app.Cmd is not null && app.Args is not null) errors.Add(path, "AppDefinition must either contain one of 'cmd' or 'args', not both.");
        if (app.Cmd is null && app.Args is null && app.Container?.Docker is null)
        {
            errors.Add(path, "AppDefinition must either contain one of 'cmd' or 'args', and/or a 'container'.");
        }
        if (app.Args is { Length: 0 }) errors.Add($"{path}/args", "must not be empty");
        Range(errors, $"{path}/cpus", app.Cpus, 0.001, 1_000_000);
        Range(errors, $"{path}/mem", app.Mem, 0, 1e12);
        Range(errors, $"{path}/disk", app.Disk, 0, 1e12);
        Range(errors, $"{path}/gpus", app.Gpus, 0, 0);
        if (app.Instances is < 0 or > MaxInstances) errors.Add($"{path}/instances", $"got {app.Instances}, expected between 0 and {MaxInstances}");
        Range(errors, $"{path}/backoffSeconds", app.BackoffSeconds, 0, MaxSeconds);
        Range(errors, $"{path}/backoffFactor", app.BackoffFactor, 1, 100);
        Range(errors, $"{path}/maxLaunchDelaySeconds", app.MaxLaunchDelaySeconds, 0, MaxSeconds);
        Range(errors, $"{path}/upgradeStrategy/minimumHealthCapacity", app.UpgradeStrategy.MinimumHealthCapacity, 0, 1);
        Range(errors, $"{path}/upgradeStrategy/maximumOverCapacity", app.UpgradeStrategy.MaximumOverCapacity, 0, 1);
        Range(errors, $"{path}/upgradeStrategy/deadlineSeconds", app.UpgradeStrategy.DeadlineSeconds, 0, MaxSeconds);
        Range(errors, $"{path}/unreachableStrategy/inactiveAfterSeconds", app.UnreachableStrategy.InactiveAfterSeconds, 0, MaxSeconds);
        Range(errors, $"{path}/unreachableStrategy/expungeAfterSeconds", app.UnreachableStrategy.ExpungeAfterSeconds, app.UnreachableStrategy.InactiveAfterSeconds, MaxSeconds);
        if (app.User is "") errors.Add($"{path}/user", "must not be empty");
        foreach (var (name, _) in app.Env) Name(errors, $"{path}/env/{name}", name);
        for (var i = 0; i < app.Fetch.Length; i++)
        {
            if (app.Fetch[i].Uri.Length == 0) errors.Add($"{path}/fetch({i})/uri", "must not be empty");
        }
        for (var i = 0; i < app.Dependencies.Length; i++)
        {
            if (PathId.IsWithin(app.Id, app.Dependencies[i])) errors.Add($"{path}/dependencies({i})", "An app cannot depend on itself or a group that holds it");
        }
        for (var i = 0; i < app.AcceptedResourceRoles.Length; i++)
        {
            if (app.AcceptedResourceRoles[i].Length == 0 || app.AcceptedResourceRoles[i].Any(char.IsWhiteSpace)) errors.Add($"{path}/acceptedResourceRoles({i})", "is not a role name");
        }
        ValidatePorts(app, errors, path);
        ValidateContainer(app.Container, errors, $"{path}/container");
        for (var i = 0; i < app.Constraints.Length; i++) ValidateConstraint(app.Constraints[i], errors, $"{path}/constraints({i})");
        for (var i = 0; i < app.HealthChecks.Length; i++) ValidateHealthCheck(app, app.HealthChecks[i], errors, $"{path}/healthChecks({i})");
        if (app.HealthChecks.Length > 1) errors.Add($"{path}/healthChecks", "Mesos runs one health check per task: give at most one");
        for (var i = 0; i < app.ReadinessChecks.Length; i++) ValidateReadinessCheck(app, app.ReadinessChecks[i], errors, $"{path}/readinessChecks({i})");
        if (app.ReadinessChecks.Length > 1) errors.Add($"{path}/readinessChecks", "give at most one readiness check");
    }

    private static void ValidatePorts(AppDefinition app, ValidationErrors errors, string path)
    {
        for (var i = 0; i < app.PortDefinitions.Length; i++)
        {
            var port = app.PortDefinitions[i];
            if (port.Port is < 0 or > 65535) errors.Add($"{path}/portDefinitions({i})/port", "must be between 0 and 65535");
            if (!PortProtocols.Contains(port.Protocol)) errors.Add($"{path}/portDefinitions({i})/protocol", "must be tcp, udp or udp,tcp");
        }
        var fixedPorts = app.PortDefinitions.Where(p => p.Port != 0).Select(p => p.Port).ToList();
        if (fixedPorts.Count != fixedPorts.Distinct().Count()) errors.Add($"{path}/portDefinitions", "Ports must be unique.");
        if (app.UsesPortMappings && app.PortDefinitions.Length > 0) errors.Add($"{path}/portDefinitions", "must be empty when the container maps ports (bridge networking)");
        var declared = app.DeclaredPorts;
        for (var i = 0; i < declared.Count; i++)
        {
            var at = app.UsesPortMappings ? $"{path}/container/portMappings({i})/name" : $"{path}/portDefinitions({i})/name";
            if (declared[i].Name is { } name && !PortName().IsMatch(name)) errors.Add(at, $"must fully match regular expression '{PortName()}'");
        }
        var names = declared.Select(p => p.Name).OfType<string>().ToList();
        if (names.Count != names.Distinct(StringComparer.Ordinal).Count()) errors.Add(app.UsesPortMappings ? $"{path}/container/portMappings" : $"{path}/portDefinitions", "Port names must be unique.");
    }

    private static void ValidateContainer(AppContainer? container, ValidationErrors errors, string path)
    {
        if (container is null) return;
        if (container.Type is not ("DOCKER" or "MESOS")) errors.Add($"{path}/type", $"must be DOCKER or MESOS, not '{AppJson.Cut(container.Type)}'");
        if (container.Type == "DOCKER" && container.Docker is null) errors.Add($"{path}/docker", "is required for a DOCKER container");
        if (container.Docker is { } docker)
        {
            if (string.IsNullOrWhiteSpace(docker.Image)) errors.Add($"{path}/docker/image", "must not be empty");
            if (!Networks.Contains(docker.Network))
            {
                errors.Add($"{path}/docker/network", $"must be HOST, BRIDGE or NONE, not '{AppJson.Cut(docker.Network)}' (user networks need CNI)");
            }
        }
        if (container.PortMappings.Length > 0 && container.Docker?.Network != DockerSettings.Bridge) errors.Add($"{path}/portMappings", "Port mappings need a DOCKER container with BRIDGE networking");
        for (var i = 0; i < container.PortMappings.Length; i++)
        {
            var mapping = container.PortMappings[i];
            if (mapping.ContainerPort is < 0 or > 65535) errors.Add($"{path}/portMappings({i})/containerPort", "must be between 0 and 65535");
            if (mapping.HostPort is < 0 or > 65535) errors.Add($"{path}/portMappings({i})/hostPort", "must be between 0 and 65535");
            if (mapping.ServicePort is < 0 or > 65535) errors.Add($"{path}/portMappings({i})/servicePort", "must be between 0 and 65535");
            if (!PortProtocols.Contains(mapping.Protocol)) errors.Add($"{path}/portMappings({i})/protocol", "must be tcp, udp or udp,tcp");
        }
        for (var i = 0; i < container.Volumes.Length; i++)
        {
            var volume = container.Volumes[i];
            if (!volume.ContainerPath.StartsWith('/') || volume.ContainerPath.Split('/').Contains("..")) errors.Add($"{path}/volumes({i})/containerPath", "must be an absolute path without '..'");
            if (!volume.HostPath.StartsWith('/') || volume.HostPath.Split('/').Contains("..")) errors.Add($"{path}/volumes({i})/hostPath", "must be an absolute path without '..'");
            if (volume.Mode is not ("RW" or "RO")) errors.Add($"{path}/volumes({i})/mode", "must be RW or RO");
        }
    }

    private static void ValidateConstraint(AppConstraint constraint, ValidationErrors errors, string path)
    {
        if (constraint.Field.Length == 0) errors.Add(path, "the field must not be empty");
        if (!Operators.Contains(constraint.Operator))
        {
            errors.Add(path, $"Constraint operator must be one of {string.Join(", ", Operators)}, not '{AppJson.Cut(constraint.Operator)}'");
            return;
        }
        switch (constraint.Operator)
        {
            case "UNIQUE" when constraint.Value is not null:
                errors.Add(path, "Value specified but not used");
                break;
            case "LIKE" or "UNLIKE" or "IS" when constraint.Value is null:
            case "MAX_PER" when constraint.Value is null:
                errors.Add(path, $"{constraint.Operator} needs a value");
                break;
            case "MAX_PER" when !int.TryParse(constraint.Value, out var max) || max < 1:
            case "GROUP_BY" when constraint.Value is not null && (!int.TryParse(constraint.Value, out var groups) || groups < 1):
                errors.Add(path, $"{constraint.Operator} needs a whole number of at least 1 as its value");
                break;
            case "LIKE" or "UNLIKE":
                try
                {
                    _ = new Regex(constraint.Value!, RegexOptions.None, TimeSpan.FromMilliseconds(100));
                }
                catch (ArgumentException e)
                {
                    errors.Add(path, $"'{AppJson.Cut(constraint.Value!)}' is not a valid regular expression: {e.Message}");
                }
                break;
        }
    }

    private static void ValidateHealthCheck(AppDefinition app, AppHealthCheck check, ValidationErrors errors, string path)
    {
        if (!CheckProtocols.Contains(check.Protocol))
        {
            errors.Add($"{path}/protocol", check.Protocol is "HTTP" or "HTTPS" or "TCP"
                ? $"Checks from Marathon itself are not supported: use MESOS_{check.Protocol}, which the agent runs"
                : $"must be one of {string.Join(", ", CheckProtocols)}");
            return;
        }
        if (check.Protocol == "COMMAND" && string.IsNullOrWhiteSpace(check.Command)) errors.Add($"{path}/command", "A COMMAND check needs command.value");
        if (check.Protocol != "COMMAND")
        {
            if (check.Port is not null && check.PortIndex is not null) errors.Add(path, "Give portIndex or port, not both");
            if (check.Port is < 1 or > 65535) errors.Add($"{path}/port", "must be between 1 and 65535");
            var ports = app.RequestedHostPorts.Count;
            if (check.Port is null && (check.PortIndex ?? 0) is var index && (index < 0 || index >= ports))
            {
                errors.Add($"{path}/portIndex", $"Health check port index {index} is out of range: the app has {ports} port(s)");
            }
        }
        Range(errors, $"{path}/gracePeriodSeconds", check.GracePeriodSeconds, 0, MaxSeconds);
        Range(errors, $"{path}/intervalSeconds", check.IntervalSeconds, 0.001, MaxSeconds);
        Range(errors, $"{path}/timeoutSeconds", check.TimeoutSeconds, 0.001, MaxSeconds);
        Range(errors, $"{path}/delaySeconds", check.DelaySeconds, 0, MaxSeconds);
        if (check.MaxConsecutiveFailures is < 0 or > 1_000_000) errors.Add($"{path}/maxConsecutiveFailures", "must be between 0 and 1000000");
    }

    private static void ValidateReadinessCheck(AppDefinition app, ReadinessCheck check, ValidationErrors errors, string path)
    {
        if (check.Name.Length == 0) errors.Add($"{path}/name", "must not be empty");
        if (check.Protocol is not ("HTTP" or "HTTPS")) errors.Add($"{path}/protocol", "must be HTTP or HTTPS");
        if (!check.Path.StartsWith('/')) errors.Add($"{path}/path", "must start with '/'");
        if (!app.DeclaredPorts.Any(p => p.Name == check.PortName))
        {
            errors.Add($"{path}/portName", $"The app has no port named '{AppJson.Cut(check.PortName)}': name one in portDefinitions or portMappings");
        }
        Range(errors, $"{path}/intervalSeconds", check.IntervalSeconds, 0.001, MaxSeconds);
        Range(errors, $"{path}/timeoutSeconds", check.TimeoutSeconds, 0.001, MaxSeconds);
        if (check.TimeoutSeconds >= check.IntervalSeconds) errors.Add($"{path}/timeoutSeconds", "must be smaller than intervalSeconds");
        if (check.HttpStatusCodesForReady.Length == 0 || check.HttpStatusCodesForReady.Any(c => c is < 100 or > 999))
        {
            errors.Add($"{path}/httpStatusCodesForReady", "must name at least one status code between 100 and 999");
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9-]*$")]
    private static partial Regex PortName();

    private static void Name(ValidationErrors errors, string path, string name)
    {
        if (name.Length == 0 || name.Contains('=') || name.Contains('\0')) errors.Add(path, "must be a non-empty name without '='");
    }

    private static void Range(ValidationErrors errors, string path, double value, double min, double max)
    {
        if (value < min || value > max)
        {
            errors.Add(path, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"got {value}, expected between {min} and {max}"));
        }
    }
}
