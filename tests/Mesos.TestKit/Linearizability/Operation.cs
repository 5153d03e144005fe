namespace Mesos.TestKit.Linearizability;

/// <summary>
/// One client operation of a history: invoked at <see cref="Call"/>, answered at <see cref="Return"/>. An operation
/// whose outcome the client never learned (a timeout, a lost leader) has <see cref="Return"/> = <see cref="Pending"/>:
/// it may have taken effect at any point after its call, or never.
/// </summary>
public sealed record Operation<TInput, TOutput>(int ClientId, TInput Input, TOutput? Output, long Call, long Return)
{
    public const long Pending = long.MaxValue;

    public bool OutcomeKnown => Return != Pending;
}
