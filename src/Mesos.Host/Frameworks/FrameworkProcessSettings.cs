using Akka.Configuration;

namespace Mesos.Host.Frameworks;

/// <summary>
/// What every built-in framework process is told, bound from its section (mesos.chronos, mesos.marathon):
/// the masters it subscribes to, where its REST API listens and what it advertises, where its state is kept,
/// and how long the master keeps its tasks while it is away.
/// </summary>
internal sealed record FrameworkProcessSettings(string Master, string Ip, int HttpPort, string Hostname, string WorkDir, string Store, TimeSpan FailoverTimeout)
{
    /// <param name="section">The framework's own section of the configuration.</param>
    /// <param name="kept">What its store keeps ("jobs", "apps"), for the messages.</param>
    /// <exception cref="ConfigurationException">A setting is out of range, with which and why.</exception>
    public static FrameworkProcessSettings FromConfig(Config section, string kept)
    {
        var settings = new FrameworkProcessSettings(section.GetString("master"), section.GetString("ip"), section.GetInt("http-port"), section.GetString("hostname"),
            section.GetString("work-dir"), section.GetString("store"), section.GetTimeSpan("failover-timeout"));
        if (settings.Master.Length == 0) throw new ConfigurationException("--master is required: the masters to subscribe to, as host:port");
        if (settings.HttpPort is < 0 or > 65535) throw new ConfigurationException($"--http_port must be a port (0 to 65535), not {settings.HttpPort}");
        if (settings.WorkDir.Length == 0 && settings.Store.Length == 0) throw new ConfigurationException($"--work_dir or --store is required: where the {kept} are kept");
        if (settings.FailoverTimeout <= TimeSpan.Zero) throw new ConfigurationException("--failover_timeout must be longer than zero");
        return settings;
    }
}
