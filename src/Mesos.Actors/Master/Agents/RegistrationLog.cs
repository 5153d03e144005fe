using Mesos.V1;

namespace Mesos.Actors.Master.Agents;

/// <summary>How an agent came to register with the master.</summary>
internal enum AgentRegistration
{
    /// <summary>An agent the registry did not hold.</summary>
    New,

    /// <summary>An agent the master knew, subscribing again (after it was unreachable, or on a new connection).</summary>
    Again,

    /// <summary>An agent of the registry the master recovered, back after the master restarted or failed over.</summary>
    AfterRestart,
}

/// <summary>
/// The agents registered since the master last said so, which it says at most once every <see cref="Interval"/>:
/// ten thousand agents back after a failover made a line each, and writing them through the console logger's
/// queue took a tenth of the new leader's processor time. A lone agent is still named.
/// </summary>
internal sealed class RegistrationLog
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly int[] _counts = new int[Enum.GetValues<AgentRegistration>().Length];
    private (AgentRegistration Kind, AgentInfo Agent)? _first;

    /// <summary>Counts an agent registered; true when it is the first since the last <see cref="Summary"/>, which is then due.</summary>
    public bool Count(AgentRegistration kind, AgentInfo agent)
    {
        var first = _first is null;
        if (first) _first = (kind, agent);
        _counts[(int)kind]++;
        return first;
    }

    /// <summary>What was counted since the last summary, or null when nothing was; counting starts again.</summary>
    public string? Summary()
    {
        if (_first is not { } first) return null;
        var total = _counts.Sum();
        var summary = total == 1 ? $"Agent {first.Agent.Id.Value} at {first.Agent.Hostname}:{first.Agent.Port} {Registered(first.Kind)}"
            : $"{total} agents registered within {Interval.TotalSeconds:0.#} s: " + string.Join(", ",
                Enum.GetValues<AgentRegistration>().Where(k => _counts[(int)k] > 0).Select(k => $"{_counts[(int)k]} {Registered(k)}"));
        Array.Clear(_counts);
        _first = null;
        return summary;
    }

    private static string Registered(AgentRegistration kind) => kind switch
    {
        AgentRegistration.New => "registered",
        AgentRegistration.Again => "registered again",
        _ => "registered again after the master restarted",
    };
}
