namespace Mesos.Host.Master.HighAvailability;

/// <summary>
/// Whether a master may down another whose cluster port refuses connections. A refused connection means no
/// process listens there: the master crashed (or was stopped) and can never act again, so downing it is safe
/// and spares the cluster the failure detector's pause and the split brain resolver's stable-after. Only a
/// master that still sees a quorum of masters without the suspect decides so, as the resolver would: one cut
/// away from the others by a firewall that rejects, and not drops, may see them all refuse, and must leave
/// the decision to the resolver, which downs its own side.
/// </summary>
internal static class CrashVerdict
{
    /// <param name="reachableMasters">Masters this one sees as members and reachable, itself included, the suspect excluded.</param>
    /// <param name="quorum">--quorum: masters a side needs to go on.</param>
    /// <param name="refusals">Connections to the suspect's cluster port refused in a row.</param>
    public static bool MayDown(int reachableMasters, int quorum, int refusals) => refusals >= RefusalsNeeded && reachableMasters >= quorum;

    /// <summary>Refusals in a row that mean the process is gone, not a listen queue that overflowed once.</summary>
    public const int RefusalsNeeded = 2;
}
