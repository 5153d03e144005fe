using FsCheck;
using FsCheck.Fluent;
using Mesos.Actors.Protocol;
using Mesos.V1;

namespace Mesos.Actors.Tests.Protocol;

public sealed class ResourcesPropertyTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(300);

    private static readonly Arbitrary<Resources> AnyResources = Gen.ListOf(AnyResource()).Select(rs => Resources.FromProtos(rs)).ToArbitrary();

    // Ranges and sets unite rather than add, as in Mesos, so the law needs b's ports and
    // set items apart from a's: the realistic case, as two holders never share a port.
    [Fact]
    public void Adding_then_subtracting_gives_back_the_original() =>
        Prop.ForAll(AnyResources, AnyResources, (a, b) =>
        {
            var apart = b - a.Filter(r => r.Type != Value.Types.Type.Scalar);
            return a + apart - apart == a;
        }).Check(Quick);

    [Fact]
    public void Addition_commutes() =>
        Prop.ForAll(AnyResources, AnyResources, (a, b) => a + b == b + a).Check(Quick);

    [Fact]
    public void A_sum_contains_its_parts_and_everything_contains_itself() =>
        Prop.ForAll(AnyResources, AnyResources, (a, b) => (a + b).Contains(a) && (a + b).Contains(b) && a.Contains(a)).Check(Quick);

    [Fact]
    public void Subtraction_never_goes_negative_and_stays_within_the_original() =>
        Prop.ForAll(AnyResources, AnyResources, (a, b) =>
        {
            var left = a - b;
            return a.Contains(left) && left.ToProtos().All(r => r.Scalar is null || r.Scalar.Value > 0);
        }).Check(Quick);

    [Fact]
    public void Ranges_stay_canonical_after_any_operation() =>
        Prop.ForAll(AnyResources, AnyResources, (a, b) =>
            new[] { a + b, a - b, b - a, (a + b).Flatten() }.All(r => r.ToProtos().All(Canonical))).Check(Quick);

    [Fact]
    public void Text_form_parses_back_to_the_same_resources() =>
        Prop.ForAll(AnyResources, a => Resources.Parse(a.ToString()) == a).Check(Quick);

    private static bool Canonical(Resource resource)
    {
        if (resource.Ranges is null)
        {
            return true;
        }

        var ranges = resource.Ranges.Range;
        return ranges.All(r => r.Begin <= r.End)
            && ranges.Zip(ranges.Skip(1)).All(p => p.First.End + 1 < p.Second.Begin);
    }

    private static Gen<Resource> AnyResource()
    {
        var role = Gen.Elements("*", "ads", "eng");
        var scalar = Gen.Elements("cpus", "mem", "disk", "gpus").SelectMany(name =>
            Gen.Choose(0, 100_000).Select(millis => new Resource
            {
                Name = name, Type = Value.Types.Type.Scalar, Scalar = new Value.Types.Scalar { Value = millis / 1000.0 },
            }));
        var ports = Gen.Choose(0, 60).SelectMany(begin => Gen.Choose(0, 15).Select(width => new Resource
        {
            Name = "ports", Type = Value.Types.Type.Ranges,
            Ranges = new Value.Types.Ranges { Range = { new Value.Types.Range { Begin = (ulong)begin, End = (ulong)(begin + width) } } },
        }));
        var zones = Gen.SubListOf("a", "b", "c", "d").Select(items => new Resource
        {
            Name = "zones", Type = Value.Types.Type.Set, Set = new Value.Types.Set { Item = { items } },
        });

        return Gen.OneOf(scalar, scalar, ports, zones).SelectMany(resource => role.Select(r =>
        {
            if (r != "*")
            {
                resource.Reservations.Add(new Resource.Types.ReservationInfo { Type = Resource.Types.ReservationInfo.Types.Type.Static, Role = r });
            }

            return resource;
        }));
    }
}
