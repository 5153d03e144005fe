using System.Collections.Immutable;
using Mesos.V1;

namespace Mesos.Host.Marathon.Launching;

/// <summary>
/// What the offers an app waited on were used for, for /v2/queue: how many were processed and left unused, and
/// the last unused ones with every reason each did not fit. Immutable: each offer returns a new log.
/// </summary>
public sealed record OfferLog(long Processed, long Unused, DateTimeOffset Since, DateTimeOffset? LastUnusedAt, DateTimeOffset? LastUsedAt, ImmutableList<OfferLog.Unfit> LastUnused)
{
    /// <summary>How many unused offers are kept per app.</summary>
    public const int Kept = 10;

    public sealed record Unfit(Offer Offer, DateTimeOffset At, IReadOnlyList<string> Reasons);

    public static OfferLog Start(DateTimeOffset since) => new(0, 0, since, null, null, []);

    public OfferLog Used(DateTimeOffset at) => this with { Processed = Processed + 1, LastUsedAt = at };

    public OfferLog Refused(Offer offer, IReadOnlyList<string> reasons, DateTimeOffset at)
    {
        var unused = LastUnused.Add(new Unfit(offer, at, reasons));
        return this with
        {
            Processed = Processed + 1,
            Unused = Unused + 1,
            LastUnusedAt = at,
            LastUnused = unused.Count > Kept ? unused.RemoveAt(0) : unused,
        };
    }

    /// <summary>For each reason, how many of the kept unused offers it refused.</summary>
    public IEnumerable<(string Reason, int Declined, int Processed)> RejectSummary() =>
        RejectReason.All.Select(reason => (reason, LastUnused.Count(u => u.Reasons.Contains(reason)), LastUnused.Count));
}
