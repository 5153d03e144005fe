using Mesos.V1;

namespace Mesos.Host.Tests.Fuzz;

/// <summary>Resources that look like an agent's, with amounts and reservations that a master must refuse as often as not.</summary>
internal static class Resources
{
    private static readonly string[] Names = ["cpus", "mem", "disk", "gpus", "ports", "cpus", "mem"];

    public static string Name(Random random) => random.Next(8) == 0 ? HostileValues.String(random) : Names[random.Next(Names.Length)];

    public static Resource Plausible(Random random)
    {
        var name = Name(random);
        var resource = new Resource { Name = name };
        if (name == "ports" && random.Next(4) > 0)
        {
            resource.Type = Value.Types.Type.Ranges;
            resource.Ranges = new Value.Types.Ranges();
            for (var i = random.Next(1, 4); i > 0; i--)
            {
                var begin = random.Next(3) == 0 ? (ulong)HostileValues.Integer(random) : (ulong)random.Next(30_990, 31_110);
                var end = random.Next(4) == 0 ? begin - 1 : begin + (ulong)random.Next(0, 5);
                resource.Ranges.Range.Add(new Value.Types.Range { Begin = begin, End = end });
            }
        }
        else
        {
            resource.Type = random.Next(10) == 0 ? Value.Types.Type.Set : Value.Types.Type.Scalar;
            var amount = random.Next(3) == 0 ? HostileValues.Double(random) : Math.Round(random.NextDouble() * (name == "mem" ? 512 : 2), 3);
            resource.Scalar = new Value.Types.Scalar { Value = amount };
        }
        switch (random.Next(8))
        {
            case 0:
                resource.Reservations.Add(new Resource.Types.ReservationInfo { Type = Resource.Types.ReservationInfo.Types.Type.Dynamic, Role = HostileValues.Role(random), Principal = HostileValues.String(random) });
                break;
            case 1:
                resource.Role = HostileValues.Role(random);
                break;
        }
        return resource;
    }

    /// <summary>What a launch on <paramref name="offer"/> asks: most of the time within it, sometimes more than it holds.</summary>
    public static IEnumerable<Resource> Within(Offer offer, Random random, double share)
    {
        foreach (var held in offer.Resources.Where(r => r.Type == Value.Types.Type.Scalar && r.Name is "cpus" or "mem"))
        {
            var resource = held.Clone();
            resource.Scalar = new Value.Types.Scalar { Value = Math.Round(held.Scalar.Value * share, 3) };
            if (resource.Scalar.Value > 0) yield return resource;
        }
    }
}
