using Google.Protobuf.Reflection;

namespace Mesos.Host.Tests.Fuzz;

/// <summary>The id messages of the protocol, filled with live ids as often as not, hostile ones otherwise.</summary>
internal static class Ids
{
    public static bool IsId(MessageDescriptor type) => type.FullName is
        "mesos.v1.FrameworkID" or "mesos.v1.AgentID" or "mesos.v1.OfferID" or "mesos.v1.TaskID" or "mesos.v1.ExecutorID";

    public static string Value(MessageDescriptor type, Random random, LiveIds live)
    {
        var known = type.FullName switch
        {
            "mesos.v1.FrameworkID" => live.FrameworkId.Length > 0 ? [live.FrameworkId] : [],
            "mesos.v1.AgentID" => live.AgentIds,
            "mesos.v1.OfferID" => live.Offers.Select(o => o.Id.Value).ToList(),
            "mesos.v1.TaskID" => live.TaskIds,
            _ => live.ExecutorIds,
        };
        return known.Count > 0 && random.Next(10) < 6 ? known[random.Next(known.Count)] : random.Next(3) == 0 ? "fuzz-" + random.Next(100) : HostileValues.String(random);
    }
}
