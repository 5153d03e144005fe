namespace Mesos.TestKit.Linearizability;

public enum KeyValueOp
{
    Get,
    Put,
}

public sealed record KeyValueInput(KeyValueOp Op, string Key, string? Value);

/// <summary>What a Get returned (null: the key was absent); Puts return nothing of interest.</summary>
public sealed record KeyValueOutput(string? Value);

/// <summary>A register per key, partitioned by key as Porcupine's key-value model is.</summary>
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
        history.GroupBy(o => o.Input.Key).Select(g => (IReadOnlyList<Operation<KeyValueInput, KeyValueOutput>>)g.ToList());
}
