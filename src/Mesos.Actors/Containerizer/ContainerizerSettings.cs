using Akka.Configuration;
using Mesos.Actors.Protocol;

namespace Mesos.Actors.Containerizer;

/// <summary>How the agent runs containers: the containerizer flags of <c>mesos.agent</c> (see hocon/reference.conf).</summary>
public sealed record ContainerizerSettings
{
    private static readonly string[] KnownContainerizers = [ContainerizerNames.Mesos, ContainerizerNames.Docker];

    /// <summary>The containerizers, in the order of preference (<c>--containerizers</c>).</summary>
    public IReadOnlyList<string> Containerizers { get; init; } = [ContainerizerNames.Mesos];

    public Isolation Isolation { get; init; } = Isolation.Default;

    /// <summary>Where the cgroup hierarchies are mounted (<c>--cgroups_hierarchy</c>).</summary>
    public string CgroupsHierarchy { get; init; } = "/sys/fs/cgroup";

    /// <summary>The cgroup, under each hierarchy, that holds one cgroup per container (<c>--cgroups_root</c>).</summary>
    public string CgroupsRoot { get; init; } = "mesos";

    /// <summary>Caps a container's cpu time at its cpus with a CFS quota, not only weighs it (<c>--cgroups_enable_cfs</c>).</summary>
    public bool CgroupsEnableCfs { get; init; }

    /// <summary>The most processes and threads a container may have with cgroups/pids; 0 counts them without a limit (<c>--cgroups_max_pids</c>).</summary>
    public long CgroupsMaxPids { get; init; }

    /// <summary>The docker program Mesos runs (<c>--docker</c>); kept for command-line compatibility, the engine is reached over <see cref="DockerSocket"/>.</summary>
    public string Docker { get; init; } = "docker";

    /// <summary>The Docker Engine API's unix socket (<c>--docker_socket</c>).</summary>
    public string DockerSocket { get; init; } = "/var/run/docker.sock";

    /// <summary>How long a Docker container has between SIGTERM and SIGKILL when its task names no grace period (<c>--docker_stop_timeout</c>).</summary>
    public TimeSpan DockerStopTimeout { get; init; } = TimeSpan.Zero;

    /// <summary>The most bytes the fetcher's cache keeps (<c>--fetcher_cache_size</c>).</summary>
    public long FetcherCacheSize { get; init; } = 2L << 30;

    /// <summary>Where the fetcher's cache lives (<c>--fetcher_cache_dir</c>); empty: <c>fetch</c> under the agent's work dir.</summary>
    public string FetcherCacheDir { get; init; } = "";

    /// <summary>
    /// Whether tasks and executors run as the user their CommandInfo, else their FrameworkInfo, names rather
    /// than the agent's (<c>--switch_user</c>; Mesos: true).
    /// </summary>
    public bool SwitchUser { get; init; } = true;

    public bool Enabled(string containerizer) => Containerizers.Contains(containerizer);

    /// <summary>Binds and checks the containerizer keys of an agent's section.</summary>
    /// <exception cref="ConfigurationException">A value the agent cannot use.</exception>
    public static ContainerizerSettings FromConfig(Config agent)
    {
        var containerizers = agent.GetString("containerizers")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var settings = new ContainerizerSettings
        {
            Containerizers = containerizers,
            Isolation = Isolation.Parse(agent.GetString("isolation")),
            CgroupsHierarchy = agent.GetString("cgroups-hierarchy"),
            CgroupsRoot = agent.GetString("cgroups-root"),
            CgroupsEnableCfs = agent.GetBoolean("cgroups-enable-cfs"),
            CgroupsMaxPids = agent.GetLong("cgroups-max-pids"),
            Docker = agent.GetString("docker"),
            DockerSocket = agent.GetString("docker-socket"),
            DockerStopTimeout = agent.GetTimeSpan("docker-stop-timeout"),
            FetcherCacheSize = MesosBytes.TryParse(agent.GetString("fetcher-cache-size"), out var cacheSize)
                ? cacheSize
                : throw new ConfigurationException($"Invalid agent setting: --fetcher_cache_size '{agent.GetString("fetcher-cache-size")}' is not a size such as 2GB or 512MB"),
            FetcherCacheDir = agent.GetString("fetcher-cache-dir"),
            SwitchUser = agent.GetBoolean("switch-user"),
        };
        settings.Validate();
        return settings;
    }

    private void Validate()
    {
        if (Containerizers.Count == 0) throw new ConfigurationException("Invalid agent setting: --containerizers names no containerizer (mesos, docker)");
        foreach (var name in Containerizers.Where(c => !KnownContainerizers.Contains(c)))
        {
            throw new ConfigurationException($"Unknown or unsupported containerizer '{name}' in --containerizers: the containerizers are mesos and docker");
        }
        if (Containerizers.Distinct().Count() != Containerizers.Count) throw new ConfigurationException("Invalid agent setting: --containerizers names a containerizer twice");
        if (!Path.IsPathFullyQualified(CgroupsHierarchy)) throw new ConfigurationException($"Invalid agent setting: --cgroups_hierarchy must be an absolute path, not '{CgroupsHierarchy}'");
        if (CgroupsRoot.Length == 0 || CgroupsRoot.Split('/').Any(part => part is "" or "." or ".."))
        {
            throw new ConfigurationException($"Invalid agent setting: --cgroups_root must be a relative cgroup path such as 'mesos', not '{CgroupsRoot}'");
        }
        if (CgroupsMaxPids < 0) throw new ConfigurationException("Invalid agent setting: --cgroups_max_pids must not be negative");
        if (string.IsNullOrWhiteSpace(DockerSocket)) throw new ConfigurationException("Invalid agent setting: --docker_socket must not be empty");
        if (FetcherCacheDir.Length > 0 && !Path.IsPathFullyQualified(FetcherCacheDir))
        {
            throw new ConfigurationException($"Invalid agent setting: --fetcher_cache_dir must be an absolute path, not '{FetcherCacheDir}'");
        }
        if (DockerStopTimeout < TimeSpan.Zero) throw new ConfigurationException("Invalid agent setting: --docker_stop_timeout must not be negative");
    }
}

/// <summary>The containerizers' names, as <c>--containerizers</c> lists them.</summary>
public static class ContainerizerNames
{
    public const string Mesos = "mesos";
    public const string Docker = "docker";
}
