using Akka.Configuration;
using Mesos.Actors.Master;
using Mesos.Host.Chronos;
using Mesos.Host.Cli.Flags;
using Mesos.Host.Frameworks;
using Mesos.Host.Marathon;

namespace Mesos.Host.Cli;

/// <summary>
/// The built-in frameworks inside a master's process (`mesos master --chronos --marathon`, `mesos local`): each
/// subscribed to that master, its REST API on its own port (mesos.chronos.http-port, mesos.marathon.http-port),
/// its state in its own directory of the master's work dir. Every other setting of theirs (a store, a
/// notification URL, a framework name) is taken from the configuration as it is.
/// </summary>
internal sealed class EmbeddedFrameworks
{
    private readonly IReadOnlyList<Embedded> _frameworks;

    private EmbeddedFrameworks(IReadOnlyList<Embedded> frameworks) => _frameworks = frameworks;

    private sealed record Embedded(string Title, int Port, Func<CancellationToken, Task<FrameworkProcess>> Start);

    /// <summary>Reads the frameworks' settings before the master starts, so that a bad one stops the command at once.</summary>
    /// <exception cref="ConfigurationException">A framework's setting is out of range.</exception>
    public static EmbeddedFrameworks For(Config config, MasterSettings master, bool chronos, bool marathon)
    {
        var frameworks = new List<Embedded>();
        if (chronos)
        {
            var c = Section(config, master, "chronos");
            var settings = ChronosSettings.FromConfig(c);
            frameworks.Add(new Embedded("Chronos", settings.Process.HttpPort, cancel => ChronosProcess.Start(c, settings, new FlagSet(MesosFlags.Chronos).Describe(c), cancel)));
        }
        if (marathon)
        {
            var c = Section(config, master, "marathon");
            var settings = MarathonSettings.FromConfig(c);
            frameworks.Add(new Embedded("Marathon", settings.Process.HttpPort, cancel => MarathonProcess.Start(c, settings, new FlagSet(MesosFlags.Marathon).Describe(c), cancel)));
        }
        return new EmbeddedFrameworks(frameworks);
    }

    /// <summary>Where each framework is served, as the summary line of `mesos local` says it: ", Chronos at http://127.0.0.1:4400".</summary>
    public string Describe(string ip) => string.Concat(_frameworks.Select(f => $", {f.Title} at http://{ip}:{f.Port}"));

    /// <summary>Starts each framework in turn; when one cannot start, those already started are stopped.</summary>
    public async Task<Running> Start(CancellationToken cancel)
    {
        var running = new Running();
        try
        {
            foreach (var framework in _frameworks) running.Add(await framework.Start(cancel));
            return running;
        }
        catch
        {
            await running.DisposeAsync();
            throw;
        }
    }

    // The master listens on every interface when it has no --ip: then the frameworks reach it over loopback.
    // Among several masters (--masters) they follow whichever leads, as any framework given their list does.
    private static Config Section(Config config, MasterSettings master, string name) => ConfigurationFactory.ParseString($$"""
        mesos.{{name}} {
          master = "{{Hocon.Escape(config.GetString("mesos.master.masters") is { Length: > 0 } masters ? masters
              : $"{(master.Ip is "" or "0.0.0.0" ? "127.0.0.1" : master.Ip)}:{master.Port}")}}"
          ip = "{{Hocon.Escape(master.Ip)}}"
          hostname = "{{Hocon.Escape(master.Hostname)}}"
          work-dir = "{{Hocon.Escape(Path.Combine(master.WorkDir, name))}}"
        }
        """).WithFallback(config);

    /// <summary>The frameworks that started, stopped in the reverse order.</summary>
    public sealed class Running : IAsyncDisposable
    {
        private readonly List<FrameworkProcess> _processes = [];

        public void Add(FrameworkProcess process) => _processes.Add(process);

        public async ValueTask DisposeAsync()
        {
            for (var i = _processes.Count - 1; i >= 0; i--) await _processes[i].DisposeAsync();
            _processes.Clear();
        }
    }
}
