using System.Globalization;
using Docker.DotNet.Models;
using Mesos.V1;

namespace Mesos.Docker;

/// <summary>
/// DockerInfo.parameters, which Mesos hands the docker CLI as <c>--key=value</c>, set on the Engine API's
/// container instead. Each key is a docker run option; one with no place here is refused by name, so that
/// a task never runs without an option it asked for.
/// </summary>
internal static class DockerParameters
{
    private static readonly Dictionary<string, Action<Target, string>> Options = new(StringComparer.Ordinal)
    {
        ["add-host"] = (p, v) => Add(p.Host.ExtraHosts ??= [], v),
        ["cap-add"] = (p, v) => Add(p.Host.CapAdd ??= [], v),
        ["cap-drop"] = (p, v) => Add(p.Host.CapDrop ??= [], v),
        ["dns"] = (p, v) => Add(p.Host.DNS ??= [], v),
        ["dns-opt"] = (p, v) => Add(p.Host.DNSOptions ??= [], v),
        ["dns-option"] = (p, v) => Add(p.Host.DNSOptions ??= [], v),
        ["dns-search"] = (p, v) => Add(p.Host.DNSSearch ??= [], v),
        ["entrypoint"] = (p, v) => p.Container.Entrypoint = [v],
        ["env"] = (p, v) => Add(p.Env, v),
        ["hostname"] = (p, v) => p.Container.Hostname = v,
        ["init"] = (p, v) => p.Host.Init = Bool(v),
        ["label"] = (p, v) => p.Labels[Before(v, '=')] = After(v, '='),
        ["memory-swap"] = (p, v) => p.Host.MemorySwap = v == "-1" ? -1 : Size(v),
        ["net"] = (p, v) => p.Host.NetworkMode = v,
        ["network"] = (p, v) => p.Host.NetworkMode = v,
        ["oom-score-adj"] = (p, v) => p.Host.OomScoreAdj = long.Parse(v, CultureInfo.InvariantCulture),
        ["pids-limit"] = (p, v) => p.Host.PidsLimit = long.Parse(v, CultureInfo.InvariantCulture),
        ["privileged"] = (p, v) => p.Host.Privileged = Bool(v),
        ["read-only"] = (p, v) => p.Host.ReadonlyRootfs = Bool(v),
        ["security-opt"] = (p, v) => Add(p.Host.SecurityOpt ??= [], v),
        ["shm-size"] = (p, v) => p.Host.ShmSize = Size(v),
        ["sysctl"] = (p, v) => (p.Host.Sysctls ??= new Dictionary<string, string>())[Before(v, '=')] = After(v, '='),
        ["tmpfs"] = (p, v) => (p.Host.Tmpfs ??= new Dictionary<string, string>())[Before(v, ':')] = After(v, ':'),
        ["ulimit"] = (p, v) => Add(p.Host.Ulimits ??= [], Ulimit(v)),
        ["user"] = (p, v) => p.Container.User = v,
        ["volume"] = (p, v) => Add(p.Binds, v),
        ["workdir"] = (p, v) => p.Container.WorkingDir = v,
    };

    /// <exception cref="ArgumentException">A key that is not a docker run option known here, or a value it cannot take.</exception>
    public static void Apply(IEnumerable<Parameter> parameters, Target container)
    {
        foreach (var parameter in parameters)
        {
            if (!Options.TryGetValue(parameter.Key, out var apply))
            {
                throw new ArgumentException($"Unsupported docker parameter '--{parameter.Key}': the supported ones are {string.Join(", ", Options.Keys.Order(StringComparer.Ordinal))}");
            }
            try
            {
                apply(container, parameter.Value);
            }
            catch (Exception e) when (e is FormatException or OverflowException)
            {
                throw new ArgumentException($"Invalid docker parameter '--{parameter.Key}={parameter.Value}': {e.Message}", e);
            }
        }
    }

    /// <summary>The container being made, with the collections the options add to.</summary>
    public sealed record Target(CreateContainerParameters Container, HostConfig Host, IList<string> Env, IDictionary<string, string> Labels, IList<string> Binds);

    private static void Add<T>(IList<T> list, T value) => list.Add(value);

    private static string Before(string value, char separator) => value.Split(separator, 2)[0];

    private static string After(string value, char separator) => value.Split(separator, 2) is [_, var rest] ? rest : "";

    private static bool Bool(string value) => value.Length == 0 || bool.Parse(value);

    /// <summary>docker's sizes: a number of bytes with an optional b, k, m or g (binary).</summary>
    private static long Size(string value)
    {
        var text = value.Trim().ToLowerInvariant();
        var unit = text.Length > 0 && char.IsLetter(text[^1]) ? text[^1] : 'b';
        var number = long.Parse(unit == 'b' && !text.EndsWith('b') ? text : text[..^1], CultureInfo.InvariantCulture);
        return unit switch
        {
            'b' => number,
            'k' => checked(number * 1024),
            'm' => checked(number * 1024 * 1024),
            'g' => checked(number * 1024 * 1024 * 1024),
            _ => throw new FormatException($"'{value}' is not a size (for example 64m, 1g)"),
        };
    }

    /// <summary>name=soft[:hard], as docker run's --ulimit.</summary>
    private static Ulimit Ulimit(string value)
    {
        var limits = After(value, '=').Split(':');
        var soft = long.Parse(limits[0], CultureInfo.InvariantCulture);
        return new Ulimit { Name = Before(value, '='), Soft = soft, Hard = limits.Length > 1 ? long.Parse(limits[1], CultureInfo.InvariantCulture) : soft };
    }
}
