using System.Collections.Immutable;
using Akka.Persistence;
using Akka.Persistence.Journal;

namespace Mesos.Actors.Tests.Master.Registrar;

/// <summary>
/// Akka's in-memory journal that tells the event stream of every write it is asked for (<see cref="Written"/>),
/// and while told to hold (<see cref="Hold"/>) leaves writes unfinished until it is told to let them go, as a
/// slow database would: the tests of what a master does while a registry write is out run on it.
/// </summary>
public sealed class HeldJournal : MemoryJournal
{
    public const string Config = "akka.persistence.journal.inmem.class = \"Mesos.Actors.Tests.Master.Registrar.HeldJournal, Mesos.Actors.Tests\"";

    private bool _holding;
    private TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public HeldJournal() => Context.System.EventStream.Subscribe(Self, typeof(Hold));

    protected override bool ReceivePluginInternal(object message)
    {
        if (message is not Hold hold) return base.ReceivePluginInternal(message);
        _holding = hold.Holding;
        if (!_holding)
        {
            _released.TrySetResult();
            _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        return true;
    }

    protected override async Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        var writes = messages.ToList();
        Context.System.EventStream.Publish(new Written(writes.Sum(w => ((IImmutableList<IPersistentRepresentation>)w.Payload).Count)));
        if (_holding) await _released.Task;
        return await base.WriteMessagesAsync(writes, cancellationToken);
    }

    /// <summary>Hold writes (true) until told false.</summary>
    public sealed record Hold(bool Holding);

    /// <summary>A write the journal was asked for, of this many events.</summary>
    public sealed record Written(int Events);
}
