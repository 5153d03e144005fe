using Akka.Configuration;
using Mesos.Host.Frameworks;

namespace Mesos.Host.Chronos;

/// <summary>The settings of `mesos chronos`, bound from mesos.chronos.</summary>
internal sealed record ChronosSettings(FrameworkProcessSettings Process, Uri? HttpNotificationUrl, MailSettings? Mail)
{
    /// <exception cref="ConfigurationException">A setting is out of range, with which and why.</exception>
    public static ChronosSettings FromConfig(Config config)
    {
        var c = config.GetConfig("mesos.chronos");
        return new ChronosSettings(FrameworkProcessSettings.FromConfig(c, "jobs"), NotificationUrl(c.GetString("http-notification-url")), MailSettings.FromConfig(c));
    }

    private static Uri? NotificationUrl(string url) =>
        url.Length == 0 ? null
        : Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri
        : throw new ConfigurationException($"--http_notification_url must be an http or https URL, not '{url}'");
}
