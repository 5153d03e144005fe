using Akka.Configuration;

namespace Mesos.Host.Marathon;

/// <summary>The settings of `mesos marathon`, bound from mesos.marathon.</summary>
internal sealed record MarathonSettings(string Master, string Ip, int HttpPort, string Hostname, string WorkDir, string Store,
    string FrameworkName, TimeSpan FailoverTimeout, TimeSpan ReconciliationInterval)
{
    /// <exception cref="ConfigurationException">A setting is out of range, with which and why.</exception>
    public static MarathonSettings FromConfig(Config config)
    {
        var c = config.GetConfig("mesos.marathon");
        var settings = new MarathonSettings(c.GetString("master"), c.GetString("ip"), c.GetInt("http-port"), c.GetString("hostname"),
            c.GetString("work-dir"), c.GetString("store"), c.GetString("framework-name"), c.GetTimeSpan("failover-timeout"), c.GetTimeSpan("reconciliation-interval"));
        if (settings.Master.Length == 0) throw new ConfigurationException("--master is required: the masters to subscribe to, as host:port");
        if (settings.HttpPort is < 0 or > 65535) throw new ConfigurationException($"--http_port must be a port (0 to 65535), not {settings.HttpPort}");
        if (settings.WorkDir.Length == 0 && settings.Store.Length == 0) throw new ConfigurationException("--work_dir or --store is required: where the apps are kept");
        if (settings.FrameworkName.Length == 0) throw new ConfigurationException("--framework_name must not be empty");
        if (settings.FailoverTimeout <= TimeSpan.Zero) throw new ConfigurationException("--failover_timeout must be longer than zero");
        if (settings.ReconciliationInterval <= TimeSpan.Zero) throw new ConfigurationException("--reconciliation_interval must be longer than zero");
        return settings;
    }
}
