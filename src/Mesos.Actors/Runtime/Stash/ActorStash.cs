namespace Mesos.Actors.Runtime;

internal sealed class ActorStash(ActorCell cell) : IStash
{
    private readonly List<Envelope> _stashed = [];

    public int Count => _stashed.Count;

    public void Stash()
    {
        var current = cell.CurrentEnvelope;
        if (_stashed.Count > 0 && ReferenceEquals(_stashed[^1].Message, current.Message))
        {
            throw new InvalidOperationException($"Message {current.Message} is already stashed.");
        }
        _stashed.Add(current);
    }

    public void Unstash()
    {
        if (_stashed.Count == 0) return;
        var oldest = _stashed[0];
        _stashed.RemoveAt(0);
        cell.Mailbox.Prepend([oldest]);
    }

    public void UnstashAll() => ReturnToMailbox();

    public void ReturnToMailbox()
    {
        if (_stashed.Count == 0) return;
        cell.Mailbox.Prepend(_stashed);
        _stashed.Clear();
    }
}
