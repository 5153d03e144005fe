using System.Text;

namespace Mesos.Host.Tests.Fuzz;

internal enum Target
{
    Master,
    Agent,
}

/// <summary>
/// One request the fuzzer sends: an HTTP request (method, raw path and query, headers, body), or raw
/// bytes on a socket for what no HTTP client would send.
/// </summary>
/// <param name="Kind">What it exercises, for coverage and for the report (e.g. <c>scheduler SUBSCRIBE</c>).</param>
/// <param name="Endpoint">The catalogued endpoint it goes to, when it goes to one.</param>
internal sealed record FuzzInput(int Index, string Kind, Target Target, string Method, string Path, byte[] Body, string? ContentType, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    public Endpoint? Endpoint { get; init; }

    /// <summary>The whole request as bytes, sent on a socket of its own instead of through an HTTP client.</summary>
    public byte[]? Raw { get; init; }

    /// <summary>Whether it may change weights or quota; only these are checked against the roles before and after.</summary>
    public bool ChangesRoles { get; init; }

    /// <summary>What to print so that a reader sees the request and can send it again.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(Kind).Append(" to the ").Append(Target == Target.Master ? "master" : "agent").Append('\n');
        if (Raw is not null)
        {
            text.Append("raw request (").Append(Raw.Length).Append(" bytes): ").Append(Printable(Raw));
            return text.ToString();
        }
        text.Append(Method).Append(' ').Append(Path.Length > 2000 ? Path[..2000] + $"... ({Path.Length} chars)" : Path).Append('\n');
        if (ContentType is not null) text.Append("Content-Type: ").Append(ContentType).Append('\n');
        foreach (var (name, value) in Headers) text.Append(name).Append(": ").Append(value.Length > 300 ? value[..300] + "..." : value).Append('\n');
        text.Append("body (").Append(Body.Length).Append(" bytes): ").Append(Printable(Body));
        return text.ToString();
    }

    /// <summary>Bytes as text with everything unprintable escaped, cut at 4 KiB.</summary>
    private static string Printable(byte[] bytes)
    {
        var text = new StringBuilder();
        foreach (var b in bytes.Take(4096)) text.Append(b is >= 0x20 and < 0x7f and not (byte)'\\' ? (char)b : $"\\x{b:x2}");
        if (bytes.Length > 4096) text.Append("...");
        return text.ToString();
    }
}

/// <summary>An endpoint a master or an agent serves, as the fuzzer knows it.</summary>
internal sealed record Endpoint(Target Target, string Method, string Path, string Kind)
{
    public override string ToString() => $"{(Target == Target.Master ? "master" : "agent")} {Method} {Path}";

    /// <summary>
    /// Every endpoint of a master and an agent (the routes of Mesos.Host's Master/ and Agent/ mapping):
    /// the fuzz run fails unless each was sent inputs.
    /// </summary>
    public static readonly Endpoint[] All =
    [
        new(Target.Master, "GET", "/health", "v0"),
        new(Target.Master, "GET", "/version", "v0"),
        new(Target.Master, "GET", "/flags", "v0"),
        new(Target.Master, "GET", "/state", "v0"),
        new(Target.Master, "GET", "/state.json", "v0"),
        new(Target.Master, "GET", "/state-summary", "v0"),
        new(Target.Master, "GET", "/frameworks", "v0"),
        new(Target.Master, "GET", "/slaves", "v0"),
        new(Target.Master, "GET", "/tasks", "v0"),
        new(Target.Master, "GET", "/metrics/snapshot", "v0"),
        new(Target.Master, "GET", "/roles", "v0"),
        new(Target.Master, "GET", "/weights", "v0"),
        new(Target.Master, "GET", "/quota", "v0"),
        new(Target.Master, "GET", "/redirect", "v0"),
        new(Target.Master, "POST", "/api/v1/scheduler", "scheduler"),
        new(Target.Master, "POST", "/api/v1/agent", "agent-api"),
        new(Target.Master, "POST", "/api/v1", "operator"),
        new(Target.Master, "POST", "/api/v1/operator", "operator"),
        new(Target.Master, "POST", "/teardown", "form"),
        new(Target.Master, "POST", "/reserve", "form"),
        new(Target.Master, "POST", "/unreserve", "form"),
        new(Target.Master, "PUT", "/weights", "roles"),
        new(Target.Master, "POST", "/quota", "roles"),
        new(Target.Master, "DELETE", "/quota", "roles"),
        new(Target.Agent, "GET", "/health", "v0"),
        new(Target.Agent, "GET", "/version", "v0"),
        new(Target.Agent, "GET", "/flags", "v0"),
        new(Target.Agent, "GET", "/state", "v0"),
        new(Target.Agent, "GET", "/state.json", "v0"),
        new(Target.Agent, "GET", "/metrics/snapshot", "v0"),
        new(Target.Agent, "POST", "/api/v1", "agent-operator"),
        new(Target.Agent, "POST", "/api/v1/executor", "executor"),
    ];
}
