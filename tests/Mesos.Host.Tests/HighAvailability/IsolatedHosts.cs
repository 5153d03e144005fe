using System.Diagnostics;
using System.Globalization;

namespace Mesos.Host.Tests.HighAvailability;

/// <summary>
/// Hosts of their own on this machine, for partition tests: each a network namespace with one address on
/// a bridge, and this process on the same bridge through one more link, so that a test reaches every host
/// while the hosts' links to each other are cut. The bridge lives in a namespace of its own: the machine's
/// firewall (Docker's sets forwarded packets to be dropped) never sees what crosses it. Links are cut with
/// iptables inside the hosts' namespaces; nothing but what this class made is touched, and all of it goes
/// when it is disposed.
/// </summary>
internal sealed class IsolatedHosts : IAsyncDisposable
{
    private readonly string _id;
    private readonly string _subnet;
    private readonly Dictionary<string, string> _addresses = [];
    private readonly List<string> _namespaces = [];

    private IsolatedHosts(string id, string subnet)
    {
        _id = id;
        _subnet = subnet;
    }

    /// <summary>Why partition tests cannot run here (tests/deps/netns.sh said so), or null when they can.</summary>
    public static string? Unavailable =>
        Environment.GetEnvironmentVariable("MESOS_TEST_NETNS") == "1" ? null
        : Environment.GetEnvironmentVariable("MESOS_TEST_NETNS_MISSING") is { Length: > 0 } reason ? reason
        : "tests/deps/netns.sh did not run (run the tests through ./test.sh)";

    /// <summary>This process's address on the hosts' bridge.</summary>
    public string Gateway => $"{_subnet}.1";

    public string Address(string host) => _addresses[host];

    /// <summary>Makes a host for each name, on a /24 subnet of 10.0.0.0/8 that no route of this machine uses.</summary>
    public static async Task<IsolatedHosts> Create(params string[] names)
    {
        var id = Random.Shared.Next(0x1000, 0xffff).ToString("x4", CultureInfo.InvariantCulture);
        var hosts = new IsolatedHosts(id, await FreeSubnet());
        try
        {
            await hosts.Build(names);
            return hosts;
        }
        catch
        {
            await hosts.DisposeAsync();
            throw;
        }
    }

    private string Namespace(string host) => $"mesos-test-{_id}-{host}";

    private async Task Build(string[] names)
    {
        var hub = Namespace("hub");
        await Ip("netns", "add", hub);
        _namespaces.Add(hub);
        await Ip("-n", hub, "link", "add", "br0", "type", "bridge");
        await Ip("-n", hub, "link", "set", "br0", "up");
        // This process's own leg: its end stays here, with the bridge's first address.
        await Ip("link", "add", $"m{_id}g", "type", "veth", "peer", "name", $"m{_id}h");
        await Attach(hub, $"m{_id}h");
        await Ip("addr", "add", $"{Gateway}/24", "dev", $"m{_id}g");
        await Ip("link", "set", $"m{_id}g", "up");
        for (var i = 0; i < names.Length; i++)
        {
            var ns = Namespace(names[i]);
            await Ip("netns", "add", ns);
            _namespaces.Add(ns);
            var address = $"{_subnet}.{10 + i}";
            await Ip("link", "add", $"m{_id}a{i}", "type", "veth", "peer", "name", $"m{_id}b{i}");
            await Attach(hub, $"m{_id}a{i}");
            await Ip("link", "set", $"m{_id}b{i}", "netns", ns);
            await Ip("-n", ns, "addr", "add", $"{address}/24", "dev", $"m{_id}b{i}");
            await Ip("-n", ns, "link", "set", $"m{_id}b{i}", "up");
            await Ip("-n", ns, "link", "set", "lo", "up");
            _addresses[names[i]] = address;
        }
    }

    private async Task Attach(string hub, string link)
    {
        await Ip("link", "set", link, "netns", hub);
        await Ip("-n", hub, "link", "set", link, "master", "br0");
        await Ip("-n", hub, "link", "set", link, "up");
    }

    /// <summary>Starts a program on <paramref name="host"/>: in its network namespace, with the machine's files and cgroups as they are.</summary>
    public RunningMesos Start(string host, string executable, params string[] args) =>
        RunningMesos.StartProgram("nsenter", [$"--net=/run/netns/{Namespace(host)}", "--", executable, .. args]);

    /// <summary>Cuts every link between the hosts of <paramref name="side"/> and the others of <paramref name="rest"/>, both ways; packets are dropped, as a broken network does.</summary>
    public async Task Cut(IEnumerable<string> side, IEnumerable<string> rest)
    {
        var others = rest.ToList();
        foreach (var host in side)
        {
            foreach (var other in others)
            {
                await In(host, "iptables", "-A", "INPUT", "-s", Address(other), "-j", "DROP");
                await In(host, "iptables", "-A", "OUTPUT", "-d", Address(other), "-j", "DROP");
            }
        }
    }

    /// <summary>Mends every link cut.</summary>
    public async Task Heal()
    {
        foreach (var host in _addresses.Keys)
        {
            await In(host, "iptables", "-F", "INPUT");
            await In(host, "iptables", "-F", "OUTPUT");
        }
    }

    private Task In(string host, string program, params string[] args) => Run("nsenter", [$"--net=/run/netns/{Namespace(host)}", "--", program, .. args]);

    private static Task Ip(params string[] args) => Run("ip", args);

    private static async Task<string> Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed ({process.ExitCode}): {await error}");
        return await output;
    }

    private static async Task<string> FreeSubnet()
    {
        var routes = await Run("ip", "-4", "route", "show", "table", "all");
        while (true)
        {
            var subnet = $"10.{Random.Shared.Next(100, 250)}.{Random.Shared.Next(0, 256)}";
            if (!routes.Contains($"{subnet}.", StringComparison.Ordinal)) return subnet;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Deleting a namespace deletes the veth ends in it, and with them their peers.
        foreach (var ns in _namespaces)
        {
            await Run("ip", "netns", "del", ns);
        }
        if (File.Exists($"/sys/class/net/m{_id}g")) await Run("ip", "link", "del", $"m{_id}g");
    }
}
