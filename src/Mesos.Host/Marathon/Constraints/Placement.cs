using System.Collections.Immutable;
using System.Globalization;
using Mesos.V1;

namespace Mesos.Host.Marathon.Constraints;

/// <summary>Where an instance runs or could run: an agent's id, hostname and attributes, as constraints read them.</summary>
public sealed record Placement(string AgentId, string Hostname, ImmutableSortedDictionary<string, string> Attributes)
{
    public static Placement Of(Offer offer) => new(offer.AgentId.Value, offer.Hostname, AttributesOf(offer.Attributes));

    /// <summary>The value a constraint's field reads here: `hostname` (or `@hostname`) or an attribute; null when the agent has none.</summary>
    public string? ValueOf(string field) => field is "hostname" or "@hostname" ? Hostname : Attributes.GetValueOrDefault(field);

    public static ImmutableSortedDictionary<string, string> AttributesOf(IEnumerable<Mesos.V1.Attribute> attributes)
    {
        var map = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var attribute in attributes)
        {
            var text = attribute.Type switch
            {
                Value.Types.Type.Text => attribute.Text.Value,
                Value.Types.Type.Scalar => attribute.Scalar.Value.ToString(CultureInfo.InvariantCulture),
                _ => null,
            };
            if (text is not null) map[attribute.Name] = text;
        }
        return map.ToImmutable();
    }
}
