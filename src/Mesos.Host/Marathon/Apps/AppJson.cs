using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mesos.Host.Marathon.Apps;

/// <summary>
/// Reads an app's JSON as Marathon takes it: its field names and defaults; a field of the wrong type is a 422
/// detail at its path, a body that is not JSON a <see cref="JsonException"/> (400).
/// </summary>
public static class AppJson
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32 };

    /// <exception cref="JsonException">The body is not JSON.</exception>
    public static JsonNode Parse(ReadOnlySpan<byte> utf8) =>
        JsonNode.Parse(utf8, documentOptions: DocumentOptions) ?? throw new JsonException("The body is null, not an app");

    /// <summary>Reads and validates one app; <paramref name="pathId"/> (the URL's) wins over a missing id.</summary>
    /// <exception cref="AppInvalidException">Every field that is wrong.</exception>
    public static AppDefinition Read(JsonNode node, string? pathId = null)
    {
        var errors = new ValidationErrors();
        var app = Read(node, pathId, errors, "");
        AppValidator.Validate(app, errors, "");
        errors.ThrowIfAny();
        return app!;
    }

    /// <summary>Reads an app without throwing: a bulk request gathers every app's errors (paths under <paramref name="path"/>).</summary>
    public static AppDefinition? Read(JsonNode node, string? pathId, ValidationErrors errors, string path)
    {
        using var document = JsonDocument.Parse(node.ToJsonString(), DocumentOptions);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path, "error.expected.jsobject (an app)");
            return null;
        }
        var fields = new JsonFields(document.RootElement, path, errors);
        var id = fields.String("id") ?? pathId;
        if (id is null)
        {
            errors.Add($"{path}/id", "error.path.missing");
            return null;
        }
        var normalized = PathId.Normalize(id);
        if (normalized is null)
        {
            errors.Add($"{path}/id", $"must fully match regular expression '{PathId.SegmentRule}' in each of its names");
            return null;
        }
        var app = new AppDefinition { Id = normalized };
        var container = Networked(fields, fields.Object("container") is { } c ? Container(c) : null);
        return app with
        {
            Cmd = fields.String("cmd"),
            Args = fields.Strings("args"),
            User = fields.String("user"),
            Cpus = fields.Number("cpus", app.Cpus),
            Mem = fields.Number("mem", app.Mem),
            Disk = fields.Number("disk", app.Disk),
            Gpus = fields.Number("gpus", app.Gpus),
            Instances = fields.Integer("instances", app.Instances),
            Container = container,
            // With bridge networking the ports are the container's port mappings, and an app has no port definitions.
            PortDefinitions = fields.Has("portDefinitions") ? fields.Objects("portDefinitions", PortDefinitionOf)
                : container is { Docker.Network: DockerSettings.Bridge } or { PortMappings.Length: > 0 } ? [] : app.PortDefinitions,
            RequirePorts = fields.Bool("requirePorts", false),
            Env = fields.StringMap("env"),
            Labels = fields.StringMap("labels"),
            Fetch = fields.Objects("fetch", f => new FetchUri(f.String("uri") ?? "", f.Bool("executable", false), f.Bool("extract", true), f.Bool("cache", false), f.String("outputFile"))),
            Constraints = Constraints(fields),
            AcceptedResourceRoles = fields.Strings("acceptedResourceRoles") ?? [],
            HealthChecks = fields.Objects("healthChecks", HealthCheckOf),
            ReadinessChecks = fields.Objects("readinessChecks", ReadinessCheckOf),
            UpgradeStrategy = fields.Object("upgradeStrategy") is { } u
                ? new UpgradeStrategy(u.Number("minimumHealthCapacity", 1), u.Number("maximumOverCapacity", 1), u.Number("deadlineSeconds", 0))
                : app.UpgradeStrategy,
            BackoffSeconds = fields.Number("backoffSeconds", app.BackoffSeconds),
            BackoffFactor = fields.Number("backoffFactor", app.BackoffFactor),
            MaxLaunchDelaySeconds = fields.Number("maxLaunchDelaySeconds", app.MaxLaunchDelaySeconds),
            KillSelection = fields.String("killSelection") switch
            {
                null or "YOUNGEST_FIRST" => KillSelection.YoungestFirst,
                "OLDEST_FIRST" => KillSelection.OldestFirst,
                var other => Refuse(fields, "killSelection", $"must be YOUNGEST_FIRST or OLDEST_FIRST, not '{Cut(other)}'", KillSelection.YoungestFirst),
            },
            UnreachableStrategy = Unreachable(fields, app.UnreachableStrategy),
            Dependencies = Dependencies(fields, PathId.Parent(normalized)),
        };
    }

    /// <summary>Dependencies as absolute ids, a relative one read from <paramref name="group"/> (Marathon's canonical paths).</summary>
    internal static ImmutableArray<string> Dependencies(JsonFields fields, string group)
    {
        var dependencies = fields.Strings("dependencies") ?? [];
        var resolved = ImmutableArray.CreateBuilder<string>();
        for (var i = 0; i < dependencies.Length; i++)
        {
            if (PathId.Resolve(dependencies[i], group) is { } id) resolved.Add(id);
            else fields.Error($"dependencies({i})", $"'{Cut(dependencies[i])}' is not a valid id");
        }
        return resolved.ToImmutable();
    }

    // Marathon takes an object, or "disabled".
    private static UnreachableStrategy Unreachable(JsonFields fields, UnreachableStrategy fallback)
    {
        if (fields.Is("unreachableStrategy", JsonValueKind.String))
        {
            return fields.String("unreachableStrategy") == "disabled" ? UnreachableStrategy.Disabled
                : Refuse(fields, "unreachableStrategy", "must be an object or \"disabled\"", fallback);
        }
        return fields.Object("unreachableStrategy") is { } s
            ? new UnreachableStrategy(s.Number("inactiveAfterSeconds", fallback.InactiveAfterSeconds), s.Number("expungeAfterSeconds", fallback.ExpungeAfterSeconds))
            : fallback;
    }

    private static PortDefinition PortDefinitionOf(JsonFields p) =>
        new(p.Integer("port", 0), p.String("protocol") ?? "tcp", p.String("name"), p.StringMap("labels"));

    private static AppHealthCheck HealthCheckOf(JsonFields h)
    {
        var check = new AppHealthCheck();
        return check with
        {
            Protocol = h.String("protocol") ?? check.Protocol,
            Path = h.String("path"),
            PortIndex = h.OptionalInteger("portIndex"),
            Port = h.OptionalInteger("port"),
            Command = h.Object("command") is { } command ? command.String("value") : null,
            GracePeriodSeconds = h.Number("gracePeriodSeconds", check.GracePeriodSeconds),
            IntervalSeconds = h.Number("intervalSeconds", check.IntervalSeconds),
            TimeoutSeconds = h.Number("timeoutSeconds", check.TimeoutSeconds),
            DelaySeconds = h.Number("delaySeconds", check.DelaySeconds),
            MaxConsecutiveFailures = h.Integer("maxConsecutiveFailures", check.MaxConsecutiveFailures),
        };
    }

    private static ReadinessCheck ReadinessCheckOf(JsonFields r)
    {
        var check = new ReadinessCheck();
        var codes = r.Array("httpStatusCodesForReady");
        return check with
        {
            Name = r.String("name") ?? check.Name,
            Protocol = r.String("protocol") ?? check.Protocol,
            Path = r.String("path") ?? check.Path,
            PortName = r.String("portName") ?? check.PortName,
            IntervalSeconds = r.Number("intervalSeconds", check.IntervalSeconds),
            TimeoutSeconds = r.Number("timeoutSeconds", check.TimeoutSeconds),
            HttpStatusCodesForReady = codes is null ? check.HttpStatusCodesForReady
                : codes.All(c => c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out _)) ? [.. codes.Select(c => c.GetInt32())]
                : Refuse(r, "httpStatusCodesForReady", "error.expected.jsarray of status codes", check.HttpStatusCodesForReady),
            PreserveLastResponse = r.Bool("preserveLastResponse", false),
        };
    }

    private static AppContainer Container(JsonFields c)
    {
        var docker = c.Object("docker") is { } d
            ? new DockerSettings(d.String("image") ?? "", d.String("network") ?? DockerSettings.Host, d.Bool("privileged", false), d.Bool("forcePullImage", false),
                d.Objects("parameters", p => new KeyValuePair<string, string>(p.String("key") ?? "", p.String("value") ?? "")))
            : null;
        // Marathon 1.x takes port mappings on the container, and still on container.docker from older clients.
        var mappings = c.Has("portMappings") ? c.Objects("portMappings", PortMappingOf)
            : c.Object("docker") is { } legacy && legacy.Has("portMappings") ? legacy.Objects("portMappings", PortMappingOf) : [];
        return new AppContainer(c.String("type") ?? "DOCKER", docker, mappings,
            c.Objects("volumes", v => new AppVolume(v.String("containerPath") ?? "", v.String("hostPath") ?? "", v.String("mode") ?? "RW")));
    }

    /// <summary>
    /// Marathon 1.5's `networks` ([{"mode":"host"}] or [{"mode":"container/bridge"}]) in place of docker.network;
    /// a container network of a name needs CNI, which the agents do not have.
    /// </summary>
    private static AppContainer? Networked(JsonFields fields, AppContainer? container)
    {
        var networks = fields.Objects("networks", n => n.String("mode") ?? "host");
        if (networks.Length == 0) return container;
        if (networks.Length > 1) fields.Error("networks", "give one network: host or container/bridge");
        var mode = networks[0];
        switch (mode)
        {
            case "host":
                return container is { Docker: { } hostDocker } ? container with { Docker = hostDocker with { Network = DockerSettings.Host } } : container;
            case "container/bridge" when container is { Docker: { } docker }:
                return container with { Docker = docker with { Network = DockerSettings.Bridge } };
            case "container/bridge":
                fields.Error("networks(0)/mode", "container/bridge needs a DOCKER container");
                return container;
            default:
                fields.Error("networks(0)/mode", $"must be host or container/bridge, not '{Cut(mode)}' (container networks need CNI)");
                return container;
        }
    }

    private static PortMapping PortMappingOf(JsonFields m) =>
        new(m.Integer("containerPort", 0), m.Integer("hostPort", 0), m.Integer("servicePort", 0), m.String("protocol") ?? "tcp", m.String("name"), m.StringMap("labels"));

    // Marathon writes each constraint as [field, operator] or [field, operator, value].
    private static ImmutableArray<AppConstraint> Constraints(JsonFields fields)
    {
        if (fields.Array("constraints") is not { } items) return [];
        var constraints = ImmutableArray.CreateBuilder<AppConstraint>();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item.ValueKind == JsonValueKind.Array && item.GetArrayLength() is 2 or 3 && item.EnumerateArray().All(p => p.ValueKind == JsonValueKind.String))
            {
                var parts = item.EnumerateArray().Select(p => p.GetString()!).ToArray();
                constraints.Add(new AppConstraint(parts[0], parts[1], parts.Length == 3 ? parts[2] : null));
            }
            else
            {
                fields.Error($"constraints({i})", "must be [field, operator] or [field, operator, value], all strings");
            }
        }
        return constraints.ToImmutable();
    }

    private static T Refuse<T>(JsonFields fields, string name, string error, T fallback)
    {
        fields.Error(name, error);
        return fallback;
    }

    internal static string Cut(string text) => text.Length <= 64 ? text : text[..64] + "...";
}
