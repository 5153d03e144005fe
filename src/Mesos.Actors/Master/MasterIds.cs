using System.Globalization;
using Mesos.V1;

namespace Mesos.Actors.Master;

/// <summary>
/// Identifiers in Mesos' formats, all prefixed by the master's own id: frameworks
/// <c>&lt;master&gt;-0000</c>, agents <c>&lt;master&gt;-S0</c>, offers <c>&lt;master&gt;-O0</c>.
/// </summary>
internal sealed class MasterIds(string masterId)
{
    private long _frameworks;
    private long _agents;
    private long _offers;

    public string MasterId { get; } = masterId;

    public FrameworkID NextFrameworkId() => new() { Value = $"{MasterId}-{(_frameworks++).ToString("0000", CultureInfo.InvariantCulture)}" };

    public AgentID NextAgentId() => new() { Value = $"{MasterId}-S{_agents++}" };

    public OfferID NextOfferId() => new() { Value = $"{MasterId}-O{_offers++}" };
}
