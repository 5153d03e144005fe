using Akka.Configuration;
using Mesos.Actors.Master;
using Mesos.Host.Chronos;
using Mesos.Host.Cli.Flags;
using Mesos.Host.Frameworks;

namespace Mesos.Host.Cli;

/// <summary>
/// The built-in Chronos inside a master's process (`mesos master --chronos`, `mesos local`): subscribed to
/// that master, its REST API on mesos.chronos.http-port, its jobs in the master's work dir. Every other
/// mesos.chronos setting (a store, a notification URL) is taken from the configuration as it is.
/// </summary>
internal sealed class EmbeddedChronos(Config config, ChronosSettings settings)
{
    public ChronosSettings Settings { get; } = settings;

    /// <summary>Reads Chronos' settings before the master starts, so that a bad one stops the command at once.</summary>
    /// <exception cref="ConfigurationException">A Chronos setting is out of range.</exception>
    public static EmbeddedChronos For(Config config, MasterSettings master)
    {
        // The master listens on every interface when it has no --ip: then Chronos reaches it over loopback.
        var masterIp = master.Ip is "" or "0.0.0.0" ? "127.0.0.1" : master.Ip;
        var chronosConfig = ConfigurationFactory.ParseString($$"""
            mesos.chronos {
              master = "{{masterIp}}:{{master.Port}}"
              ip = "{{Hocon.Escape(master.Ip)}}"
              hostname = "{{Hocon.Escape(master.Hostname)}}"
              work-dir = "{{Hocon.Escape(Path.Combine(master.WorkDir, "chronos"))}}"
            }
            """).WithFallback(config);
        return new EmbeddedChronos(chronosConfig, ChronosSettings.FromConfig(chronosConfig));
    }

    public Task<FrameworkProcess> Start(CancellationToken cancel) =>
        ChronosProcess.Start(config, Settings, new FlagSet(MesosFlags.Chronos).Describe(config), cancel);
}
