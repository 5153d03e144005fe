using Akka.Configuration;

namespace Mesos.Host.Chronos;

/// <summary>The settings of `mesos chronos`, bound from mesos.chronos.</summary>
internal sealed record ChronosSettings(string Master, string Ip, int HttpPort, string Hostname, string WorkDir, string Store, TimeSpan FailoverTimeout, Uri? HttpNotificationUrl,
    MailSettings? Mail)
{
    /// <exception cref="ConfigurationException">A setting is out of range, with which and why.</exception>
    public static ChronosSettings FromConfig(Config config)
    {
        var c = config.GetConfig("mesos.chronos");
        var settings = new ChronosSettings(c.GetString("master"), c.GetString("ip"), c.GetInt("http-port"), c.GetString("hostname"),
            c.GetString("work-dir"), c.GetString("store"), c.GetTimeSpan("failover-timeout"), NotificationUrl(c.GetString("http-notification-url")),
            MailSettings.FromConfig(c));
        if (settings.Master.Length == 0) throw new ConfigurationException("--master is required: the masters to subscribe to, as host:port");
        if (settings.HttpPort is < 0 or > 65535) throw new ConfigurationException($"--http_port must be a port (0 to 65535), not {settings.HttpPort}");
        if (settings.WorkDir.Length == 0 && settings.Store.Length == 0) throw new ConfigurationException("--work_dir or --store is required: where the jobs are kept");
        if (settings.FailoverTimeout <= TimeSpan.Zero) throw new ConfigurationException("--failover_timeout must be longer than zero");
        return settings;
    }

    private static Uri? NotificationUrl(string url) =>
        url.Length == 0 ? null
        : Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri
        : throw new ConfigurationException($"--http_notification_url must be an http or https URL, not '{url}'");
}
