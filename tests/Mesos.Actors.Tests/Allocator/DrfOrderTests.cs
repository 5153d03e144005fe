using FsCheck;
using FsCheck.Fluent;
using Mesos.Actors.Allocator.Sorting;

namespace Mesos.Actors.Tests.Allocator;

public sealed class DrfOrderTests
{
    // Each operation: (kind, entry, share); kinds 0 insert or update, 1 remove, 2 re-sort, 3 invalidate the keys.
    private static readonly Arbitrary<(int Kind, int Entry, int Share)[]> Operations =
        Gen.ArrayOf(Gen.Zip(Gen.Zip(Gen.Choose(0, 3), Gen.Choose(0, 40)), Gen.Choose(0, 5))
            .Select(t => (t.Item1.Item1, t.Item1.Item2, t.Item2))).ToArbitrary();

    [Fact]
    public void Entries_stay_in_share_then_count_then_name_order_through_any_changes() =>
        Prop.ForAll(Operations, operations =>
        {
            var keys = new DrfKeys();
            var order = new DrfOrder(keys);
            var model = new Dictionary<int, (double Share, long Count)>();
            for (var id = 0; id <= 40; id++) keys.Set(id, $"entry{id:D2}");
            foreach (var (kind, entry, share) in operations)
            {
                if (kind == 3)
                {
                    keys.Invalidate();
                }
                else if (kind == 2)
                {
                    order.Sort();
                }
                else if (kind == 1 && model.Remove(entry))
                {
                    order.Remove(entry);
                }
                else if (kind == 0 && model.TryGetValue(entry, out var old))
                {
                    model[entry] = (share / 4.0, old.Count + 1);
                    order.Update(entry, share / 4.0, old.Count + 1);
                }
                else if (kind == 0)
                {
                    model[entry] = (share / 4.0, 0);
                    keys.Update(entry, share / 4.0, 0);
                    order.Insert(entry);
                }
            }

            // A stale order is only promised to be right once sorted again.
            if (Array.FindLastIndex(operations, o => o.Kind == 3) > Array.FindLastIndex(operations, o => o.Kind == 2)) order.Sort();
            var expected = model.OrderBy(e => e.Value.Share).ThenBy(e => e.Value.Count).ThenBy(e => e.Key).Select(e => e.Key);
            return Enumerable.Range(0, order.Count).Select(i => order[i]).SequenceEqual(expected);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500));
}
