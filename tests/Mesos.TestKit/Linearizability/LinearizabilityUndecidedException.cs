namespace Mesos.TestKit.Linearizability;

/// <summary>The checker spent its budget on a part of a history without deciding whether it is linearizable.</summary>
public sealed class LinearizabilityUndecidedException(int operations, int pending, int budget) : Exception(
    $"The linearizability search gave up after remembering {budget:N0} states in a part of the history with {operations:N0} operations " +
    $"({pending:N0} of unknown outcome): a history that long or that concurrent cannot be decided in time. Record a shorter history, " +
    "or one with fewer operations of unknown outcome.")
{
    /// <summary>Operations in the part that could not be decided.</summary>
    public int Operations { get; } = operations;

    /// <summary>Of those, operations whose outcome is unknown: each may take effect at any time after its call, or never.</summary>
    public int Pending { get; } = pending;
}
