using System.Collections.Immutable;
using System.Globalization;
using Mesos.Actors.Protocol;
using Mesos.Host.Marathon.Constraints;
using Mesos.Host.Marathon.State;
using Mesos.V1;

namespace Mesos.Host.Marathon.Launching;

/// <summary>
/// Places waiting instances on one offer, as Marathon's offer matcher does: app by app in the order given,
/// as many instances as the offer's unreserved resources, its ports and the app's constraints allow, and
/// for each app it placed nothing of, every reason the offer did not fit.
/// </summary>
public static class OfferMatcher
{
    private const string AnyRole = "*";

    /// <summary>An app that waits for <see cref="Count"/> instances, and where its instances already run.</summary>
    public sealed record Request(AppEntry App, int Count, IReadOnlyList<Placement> Placed);

    /// <summary>An instance to launch on the offer: its app, the host ports chosen and what it takes of the offer.</summary>
    public sealed record Launch(AppEntry App, ImmutableArray<int> Ports, Resources Resources);

    public sealed record Result(IReadOnlyList<Launch> Launches, IReadOnlyDictionary<string, IReadOnlyList<string>> Rejected);

    /// <param name="limit">The most instances placed on this offer, whatever more would fit.</param>
    public static Result Match(Offer offer, IEnumerable<Request> requests, int limit = int.MaxValue)
    {
        var available = Resources.FromProtos(offer.Resources).Unallocated().Unreserved();
        var candidate = Placement.Of(offer);
        var launches = new List<Launch>();
        var rejected = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var request in requests)
        {
            var app = request.App.Definition;
            var placed = request.Placed.ToList();
            var launchedHere = 0;
            List<string>? reasons = null;
            while (launchedHere < request.Count && launches.Count < limit)
            {
                reasons = [];
                if (app.AcceptedResourceRoles.Length > 0 && !app.AcceptedResourceRoles.Contains(AnyRole)) reasons.Add(RejectReason.UnfulfilledRole);
                if (ConstraintMatcher.FirstUnmet(app.Constraints, candidate, placed) is not null) reasons.Add(RejectReason.UnfulfilledConstraint);
                if (available.Scalar("cpus") + 1e-9 < app.Cpus) reasons.Add(RejectReason.InsufficientCpus);
                if (available.Scalar("mem") + 1e-9 < app.Mem) reasons.Add(RejectReason.InsufficientMemory);
                if (available.Scalar("disk") + 1e-9 < app.Disk) reasons.Add(RejectReason.InsufficientDisk);
                var ports = ChoosePorts(available.Ranges("ports"), app.RequestedHostPorts);
                if (ports is null) reasons.Add(RejectReason.InsufficientPorts);
                if (reasons.Count > 0) break;
                var needs = Needs(request.App, ports!.Value);
                launches.Add(new Launch(request.App, ports.Value, needs));
                available -= needs;
                placed.Add(candidate);
                launchedHere++;
            }
            if (launchedHere == 0 && reasons is { Count: > 0 }) rejected[app.Id] = reasons;
        }
        return new Result(launches, rejected);
    }

    /// <summary>What one instance takes: its scalars, and its host ports as ranges.</summary>
    public static Resources Needs(AppEntry app, ImmutableArray<int> ports)
    {
        var definition = app.Definition;
        var text = string.Create(CultureInfo.InvariantCulture, $"cpus:{definition.Cpus};mem:{definition.Mem}");
        if (definition.Disk > 0) text += string.Create(CultureInfo.InvariantCulture, $";disk:{definition.Disk}");
        if (ports.Length > 0) text += ";ports:[" + string.Join(',', ports.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p}-{p}"))) + "]";
        return Resources.Parse(text);
    }

    /// <summary>
    /// The host ports for one instance from the offer's ranges: each asked for by number must be offered, each
    /// 0 takes the lowest free one; null when the offer cannot give them all.
    /// </summary>
    public static ImmutableArray<int>? ChoosePorts(IReadOnlyList<(ulong Begin, ulong End)> offered, IReadOnlyList<int> requested)
    {
        if (requested.Count == 0) return [];
        var taken = new HashSet<int>();
        var chosen = new int[requested.Count];
        for (var i = 0; i < requested.Count; i++)
        {
            if (requested[i] == 0) continue;
            if (!offered.Any(r => (ulong)requested[i] >= r.Begin && (ulong)requested[i] <= r.End) || !taken.Add(requested[i])) return null;
            chosen[i] = requested[i];
        }
        for (var i = 0; i < requested.Count; i++)
        {
            if (requested[i] != 0) continue;
            var free = FirstFree(offered, taken);
            if (free is null) return null;
            chosen[i] = free.Value;
            taken.Add(free.Value);
        }
        return [.. chosen];
    }

    private static int? FirstFree(IReadOnlyList<(ulong Begin, ulong End)> offered, HashSet<int> taken)
    {
        foreach (var (begin, end) in offered)
        {
            for (var port = begin; port <= end && port <= 65535; port++)
            {
                if (!taken.Contains((int)port)) return (int)port;
            }
        }
        return null;
    }
}
