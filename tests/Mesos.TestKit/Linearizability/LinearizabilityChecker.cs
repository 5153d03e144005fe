namespace Mesos.TestKit.Linearizability;

/// <summary>
/// Decides whether a concurrent history is linearizable: the Wing–Gong search with Lowe's memoization of
/// (linearized set, state), as Porcupine implements it, run on each partition of the model separately. The
/// search is exponential in the worst case (many concurrent operations, many of unknown outcome): it has a
/// budget of states to remember per partition, and gives up with <see cref="LinearizabilityUndecidedException"/>
/// when that is spent, rather than run for hours and take the machine's memory.
/// </summary>
public static class LinearizabilityChecker
{
    /// <summary>States (linearized set and model state) a search may remember in one partition: a few seconds of search, a few hundred MB at most.</summary>
    public const int DefaultBudget = 500_000;

    /// <param name="budget">States the search may remember in each partition before it gives up.</param>
    /// <exception cref="LinearizabilityUndecidedException">A partition could not be decided within <paramref name="budget"/>.</exception>
    public static bool Check<TState, TInput, TOutput>(
        ILinearizabilityModel<TState, TInput, TOutput> model, IReadOnlyList<Operation<TInput, TOutput>> history, int budget = DefaultBudget) =>
        model.Partition(history).All(part => CheckPartition(model, part, budget));

    private static bool CheckPartition<TState, TInput, TOutput>(
        ILinearizabilityModel<TState, TInput, TOutput> model, IReadOnlyList<Operation<TInput, TOutput>> operations, int budget)
    {
        var head = BuildEntries(operations);
        var linearized = new Bitset(operations.Count);
        var cache = new HashSet<(Bitset, TState)>(new CacheComparer<TState>());
        var stack = new Stack<(Entry Call, TState Before)>();
        var state = model.Initial;
        var entry = head.Next;
        while (head.Next is not null)
        {
            if (entry!.IsCall)
            {
                var operation = operations[entry.Id];
                var (legal, next) = model.Step(state, operation.Input, operation.Output, operation.OutcomeKnown);
                if (legal)
                {
                    var candidate = linearized.With(entry.Id);
                    if (cache.Add((candidate, next)))
                    {
                        if (cache.Count > budget) throw new LinearizabilityUndecidedException(operations.Count, operations.Count(o => !o.OutcomeKnown), budget);
                        stack.Push((entry, state));
                        state = next;
                        linearized = candidate;
                        entry.Lift();
                        entry = head.Next;
                        continue;
                    }
                }
                entry = entry.Next;
            }
            else
            {
                // A return whose call cannot be placed before it: undo the last choice and try the next one.
                if (stack.Count == 0) return false;
                var (call, before) = stack.Pop();
                state = before;
                linearized = linearized.Without(call.Id);
                call.Unlift();
                entry = call.Next;
            }
        }
        return true;
    }

    private static Entry BuildEntries<TInput, TOutput>(IReadOnlyList<Operation<TInput, TOutput>> operations)
    {
        var events = new List<(long Time, bool IsCall, int Id)>(operations.Count * 2);
        for (var i = 0; i < operations.Count; i++)
        {
            events.Add((operations[i].Call, true, i));
            events.Add((operations[i].Return, false, i));
        }
        // At equal times calls come first: the operations then overlap, which only widens the choices.
        events.Sort((a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : b.IsCall.CompareTo(a.IsCall));
        var head = new Entry(-1, false);
        var calls = new Entry?[operations.Count];
        var last = head;
        foreach (var (_, isCall, id) in events)
        {
            var entry = new Entry(id, isCall) { Prev = last };
            last.Next = entry;
            last = entry;
            if (isCall) calls[id] = entry;
            else calls[id]!.Match = entry;
        }
        return head;
    }

    private sealed class Entry(int id, bool isCall)
    {
        public int Id { get; } = id;
        public bool IsCall { get; } = isCall;
        public Entry? Match { get; set; }
        public Entry? Prev { get; set; }
        public Entry? Next { get; set; }

        public void Lift()
        {
            Prev!.Next = Next;
            Next!.Prev = Prev;
            var match = Match!;
            match.Prev!.Next = match.Next;
            if (match.Next is not null) match.Next.Prev = match.Prev;
        }

        public void Unlift()
        {
            var match = Match!;
            match.Prev!.Next = match;
            if (match.Next is not null) match.Next.Prev = match;
            Prev!.Next = this;
            Next!.Prev = this;
        }
    }

    private sealed class CacheComparer<TState> : IEqualityComparer<(Bitset Set, TState State)>
    {
        public bool Equals((Bitset Set, TState State) x, (Bitset Set, TState State) y) =>
            x.Set.Equals(y.Set) && EqualityComparer<TState>.Default.Equals(x.State, y.State);

        public int GetHashCode((Bitset Set, TState State) obj) =>
            HashCode.Combine(obj.Set.GetHashCode(), obj.State is null ? 0 : EqualityComparer<TState>.Default.GetHashCode(obj.State));
    }
}
