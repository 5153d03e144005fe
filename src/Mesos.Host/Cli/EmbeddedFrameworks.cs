using Akka.Configuration;
using Mesos.Actors.Master;
using Mesos.Actors.Master.Registrar;
using Mesos.Host.Chronos;
using Mesos.Host.Cli.Flags;
using Mesos.Host.Frameworks;
using Mesos.Host.Http;
using Mesos.Host.Marathon;
using Mesos.Host.Master.HighAvailability;

namespace Mesos.Host.Cli;

/// <summary>
/// The built-in frameworks inside a master's process (`mesos master --chronos --marathon`, `mesos local`): each
/// subscribed to that master, its REST API on its own port (mesos.chronos.http-port, mesos.marathon.http-port),
/// its state in its own directory of the master's work dir, or on the registry's store when the master names
/// one (--registry_store), so that every master of a cluster finds the same apps and jobs there. Every other
/// setting of theirs (a notification URL, a framework name) is taken from the configuration as it is.
/// Among several masters only the leader's frameworks act: the others stand by on their ports and send
/// clients to the leader's (<see cref="FrameworkStandby"/>) until their master leads, then take over from
/// the store. A master that stops leading stops its frameworks before another master's take over: a deposed
/// master stops, and its frameworks with it; one whose master was handed over to an older master stays, and its
/// frameworks stand by again until it leads again, so two never act at once.
/// </summary>
internal sealed class EmbeddedFrameworks
{
    private readonly IReadOnlyList<Embedded> _frameworks;

    private EmbeddedFrameworks(IReadOnlyList<Embedded> frameworks) => _frameworks = frameworks;

    /// <param name="Hosting">What a highly available master sets up for it in its ActorSystem: its store and its regions.</param>
    /// <param name="Start">Starts it, in the given master's ActorSystem or (null) in one of its own.</param>
    internal sealed record Embedded(string Title, string Ip, int Port, long MaxBodyBytes, FrameworkStandby.Definition Standby, FrameworkProcess.Hosted Hosting,
        Func<Akka.Actor.ActorSystem?, CancellationToken, Task<FrameworkProcess>> Start);

    /// <summary>Reads the frameworks' settings before the master starts, so that a bad one stops the command at once.</summary>
    /// <exception cref="ConfigurationException">A framework's setting is out of range.</exception>
    public static EmbeddedFrameworks For(Config config, MasterSettings master, bool chronos, bool marathon)
    {
        var frameworks = new List<Embedded>();
        if (chronos)
        {
            var c = Section(config, master, "chronos");
            var settings = ChronosSettings.FromConfig(c);
            frameworks.Add(new Embedded("Chronos", settings.Process.Ip, settings.Process.HttpPort, HttpLimits.From(c).MaxSmallBodyBytes, ChronosProcess.Standby,
                ChronosProcess.Hosting(settings), (host, cancel) => ChronosProcess.Start(c, settings, new FlagSet(MesosFlags.Chronos).Describe(c), cancel, host)));
        }
        if (marathon)
        {
            var c = Section(config, master, "marathon");
            var settings = MarathonSettings.FromConfig(c);
            frameworks.Add(new Embedded("Marathon", settings.Process.Ip, settings.Process.HttpPort, HttpLimits.From(c).MaxSmallBodyBytes, MarathonProcess.Standby,
                MarathonProcess.Hosting(settings), (host, cancel) => MarathonProcess.Start(c, settings, new FlagSet(MesosFlags.Marathon).Describe(c), cancel, host)));
        }
        return new EmbeddedFrameworks(frameworks);
    }

    /// <summary>What a highly available master sets up in its ActorSystem for these frameworks, on every master (<see cref="MasterProcess"/>).</summary>
    public IReadOnlyList<FrameworkProcess.Hosted> Hosting => _frameworks.Select(f => f.Hosting).ToList();

    /// <summary>Where each framework is served, as the summary line of `mesos local` says it: ", Chronos at http://127.0.0.1:4400".</summary>
    public string Describe(string ip) => string.Concat(_frameworks.Select(f => $", {f.Title} at http://{ip}:{f.Port}"));

    /// <summary>
    /// Starts each framework in turn while <paramref name="leadership"/> says this master leads (at once without one, as
    /// in `mesos local`), standing by while it does not; when one cannot start, those already started are stopped.
    /// </summary>
    /// <param name="host">The master's ActorSystem when it is one of several (its regions are the frameworks'), else null.</param>
    public async Task<Running> Start(Leadership? leadership, Akka.Actor.ActorSystem? host, CancellationToken cancel)
    {
        var running = new Running(host);
        try
        {
            if (leadership is null) await running.StartAll(_frameworks, cancel);
            else await running.Follow(_frameworks, leadership, cancel);
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
          store = "{{Hocon.Escape(Store(config, master, name))}}"
        }
        """).WithFallback(config);

    // The registry's store, when the master names one, is where a master that takes over finds the framework's state.
    private static string Store(Config config, MasterSettings master, string name) =>
        config.GetString($"mesos.{name}.store") is { Length: > 0 } own ? own
        : master.Registry.Backend == RegistryBackend.ReplicatedLog ? master.Registry.Store : "";

    /// <summary>The frameworks that started (or stand by), stopped in the reverse order.</summary>
    public sealed class Running(Akka.Actor.ActorSystem? host) : IAsyncDisposable
    {
        private readonly List<IAsyncDisposable> _processes = [];
        private readonly CancellationTokenSource _stop = new();
        private readonly TaskCompletionSource _failed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private Task _following = Task.CompletedTask;

        /// <summary>Fails when the frameworks could not take over once this master led, or stand by once it no longer did; never completes otherwise.</summary>
        public Task Failed => _failed.Task;

        internal async Task StartAll(IEnumerable<Embedded> frameworks, CancellationToken cancel)
        {
            foreach (var framework in frameworks) _processes.Add(await framework.Start(host, cancel));
        }

        /// <summary>Starts the frameworks, or their standbys, as this master leads or not, and swaps them each time that changes.</summary>
        internal async Task Follow(IReadOnlyList<Embedded> frameworks, Leadership leadership, CancellationToken cancel)
        {
            var leads = leadership.View.Leading;
            await Become(leads, frameworks, leadership, cancel);
            _following = Swap(leads, frameworks, leadership, _stop.Token);
        }

        private async Task Become(bool leads, IReadOnlyList<Embedded> frameworks, Leadership leadership, CancellationToken cancel)
        {
            if (leads)
            {
                await StartAll(frameworks, cancel);
                return;
            }
            foreach (var f in frameworks)
            {
                var name = f.Standby.Name;
                _processes.Add(await FrameworkStandby.Start(f.Standby, f.Ip, f.Port, f.MaxBodyBytes, () => leadership.View.FrameworkAt(name), cancel));
            }
        }

        private async Task Swap(bool leads, IReadOnlyList<Embedded> frameworks, Leadership leadership, CancellationToken cancel)
        {
            try
            {
                while (true)
                {
                    await (leads ? leadership.Follows(cancel) : leadership.Leads(cancel));
                    leads = !leads;
                    // The ports are held by what runs now until it stops.
                    await DisposeAll();
                    await Become(leads, frameworks, leadership, cancel);
                }
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                // The master stops while its frameworks wait, start or stand by.
            }
            catch (Exception e)
            {
                _failed.TrySetException(e);
            }
        }

        private async Task DisposeAll()
        {
            for (var i = _processes.Count - 1; i >= 0; i--) await _processes[i].DisposeAsync();
            _processes.Clear();
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _following;
            await DisposeAll();
            _stop.Dispose();
        }
    }
}
