using Akka.Configuration;
using Mesos.Host.Frameworks;

namespace Mesos.Host.Marathon;

/// <summary>The settings of `mesos marathon`, bound from mesos.marathon.</summary>
internal sealed record MarathonSettings(FrameworkProcessSettings Process, string FrameworkName, TimeSpan ReconciliationInterval)
{
    /// <exception cref="ConfigurationException">A setting is out of range, with which and why.</exception>
    public static MarathonSettings FromConfig(Config config)
    {
        var c = config.GetConfig("mesos.marathon");
        var settings = new MarathonSettings(FrameworkProcessSettings.FromConfig(c, "apps"), c.GetString("framework-name"), c.GetTimeSpan("reconciliation-interval"));
        if (settings.FrameworkName.Length == 0) throw new ConfigurationException("--framework_name must not be empty");
        if (settings.ReconciliationInterval <= TimeSpan.Zero) throw new ConfigurationException("--reconciliation_interval must be longer than zero");
        return settings;
    }
}
