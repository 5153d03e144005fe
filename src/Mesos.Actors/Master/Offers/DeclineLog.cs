using Mesos.Actors.Master.Operator;

namespace Mesos.Actors.Master.Offers;

/// <summary>
/// The last offers each framework declined, newest last, so that an operator can see what a waiting
/// framework turned down and for how long it asked not to see it again.
/// </summary>
internal sealed class DeclineLog
{
    /// <summary>Declines kept per framework: enough to see a pattern, few enough to cost nothing.</summary>
    public const int PerFramework = 20;

    private readonly Dictionary<string, Queue<DeclinedOffer>> _byFramework = new(StringComparer.Ordinal);

    public void Add(string frameworkId, DeclinedOffer declined)
    {
        if (!_byFramework.TryGetValue(frameworkId, out var declines)) _byFramework[frameworkId] = declines = new Queue<DeclinedOffer>();
        if (declines.Count == PerFramework) declines.Dequeue();
        declines.Enqueue(declined);
    }

    public IReadOnlyList<DeclinedOffer> Of(string frameworkId) =>
        _byFramework.TryGetValue(frameworkId, out var declines) ? [.. declines] : [];

    public void Forget(string frameworkId) => _byFramework.Remove(frameworkId);
}
