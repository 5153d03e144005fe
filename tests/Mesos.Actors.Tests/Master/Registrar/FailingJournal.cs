using System.Collections.Immutable;
using Akka.Persistence;
using Akka.Persistence.Journal;

namespace Mesos.Actors.Tests.Master.Registrar;

/// <summary>
/// Akka's in-memory journal that fails every write while told to (<see cref="FailWrites"/> on the
/// event stream), as a database that refuses them would: the tests of what a master does when its
/// registry cannot be written run on it.
/// </summary>
public sealed class FailingJournal : MemoryJournal
{
    public const string Config = "akka.persistence.journal.inmem.class = \"Mesos.Actors.Tests.Master.Registrar.FailingJournal, Mesos.Actors.Tests\"";

    private bool _failing;

    public FailingJournal() => Context.System.EventStream.Subscribe(Self, typeof(FailWrites));

    protected override bool ReceivePluginInternal(object message)
    {
        if (message is not FailWrites fail) return base.ReceivePluginInternal(message);
        _failing = fail.Failing;
        return true;
    }

    protected override Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken) =>
        _failing ? Task.FromException<IImmutableList<Exception>>(new IOException("disk on fire")) : base.WriteMessagesAsync(messages, cancellationToken);

    public sealed record FailWrites(bool Failing);
}
