using Mesos.Actors.Allocator.Compact;

namespace Mesos.Actors.Allocator.Filters;

/// <summary>
/// A refusal (<c>refuse_seconds</c>): until <see cref="ExpiresAt"/> the client is not offered, on this
/// agent, anything that <see cref="Refused"/> contains. Stale once its client's filter generation moved on.
/// </summary>
internal struct OfferFilter
{
    public int Client;
    public int Generation;
    public long ExpiresAt;
    public Bundle Refused;

    /// <summary>The next filter of the same client on the same agent while the agent's filters are loaded; −1 ends the chain.</summary>
    public int Next;
}
