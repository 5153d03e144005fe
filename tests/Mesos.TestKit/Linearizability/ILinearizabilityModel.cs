namespace Mesos.TestKit.Linearizability;

/// <summary>A sequential specification, as in Porcupine: the initial state and what each operation does to it.</summary>
public interface ILinearizabilityModel<TState, TInput, TOutput>
{
    TState Initial { get; }

    /// <summary>Whether <paramref name="input"/> may give <paramref name="output"/> in <paramref name="state"/>, and the state after it.</summary>
    (bool Legal, TState Next) Step(TState state, TInput input, TOutput? output, bool outcomeKnown);

    /// <summary>Splits a history into independent parts (by key, say) that are checked apart; linearizability is compositional.</summary>
    IEnumerable<IReadOnlyList<Operation<TInput, TOutput>>> Partition(IReadOnlyList<Operation<TInput, TOutput>> history);
}
