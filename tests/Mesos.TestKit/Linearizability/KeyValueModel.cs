namespace Mesos.TestKit.Linearizability;

public enum KeyValueOp
{
    Get,
    Put,
}

public sealed record KeyValueInput(KeyValueOp Op, string Key, string? Value);

/// <summary>What a Get returned (null: the key was absent); Puts return nothing of interest.</summary>
public sealed record KeyValueOutput(string? Value);

/// <summary>
/// A register per key, partitioned by key as Porcupine's key-value model is. A Put of unknown outcome whose value
/// no Get of its key returned is left out of the part: it may take effect at any time after its call or never, and
/// a history is linearizable with it exactly when it is without it (placed last, it changes no read; taken out of a
/// linearization, no read between it and the next Put saw its value). Each such Put would otherwise double the
/// orders the checker may have to try.
/// </summary>
public sealed class KeyValueModel : ILinearizabilityModel<string?, KeyValueInput, KeyValueOutput>
{
    public string? Initial => null;

    public (bool Legal, string? Next) Step(string? state, KeyValueInput input, KeyValueOutput? output, bool outcomeKnown) =>
        input.Op switch
        {
            KeyValueOp.Put => (true, input.Value),
            _ => (!outcomeKnown || output?.Value == state, state),
        };

    public IEnumerable<IReadOnlyList<Operation<KeyValueInput, KeyValueOutput>>> Partition(
        IReadOnlyList<Operation<KeyValueInput, KeyValueOutput>> history) =>
        history.GroupBy(o => o.Input.Key).Select(Observable);

    private static IReadOnlyList<Operation<KeyValueInput, KeyValueOutput>> Observable(IEnumerable<Operation<KeyValueInput, KeyValueOutput>> part)
    {
        var operations = part.ToList();
        var read = operations.Where(o => o.Input.Op == KeyValueOp.Get && o.OutcomeKnown).Select(o => o.Output?.Value).ToHashSet();
        return operations.Where(o => o.OutcomeKnown || o.Input.Op != KeyValueOp.Put || read.Contains(o.Input.Value)).ToList();
    }
}
