using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Mesos.Host.Marathon.State;

namespace Mesos.Host.Marathon.Scheduler;

/// <summary>
/// How the scheduler records through the apps' entities: each app's events go to its entity and the rest to the
/// scheduler's own journal, apps' first; its view is changed only once both are written, and nothing else is done
/// meanwhile. After a restart it asks every app it lists for all the app's entity holds before anything else, and
/// so before it subscribes and reconciles.
/// </summary>
public sealed partial class MarathonActor
{
    // Long enough for a lost master's entities to start again on another one: the region holds messages until then.
    private static readonly TimeSpan EntityTimeout = TimeSpan.FromSeconds(30);

    // The apps the scheduler's journal lists, while it recovers.
    private readonly HashSet<string> _listed = new(StringComparer.Ordinal);

    // Writes asked for while one is under way (an act that ends deployments before offers are placed), in order.
    private readonly Queue<(IReadOnlyList<MarathonEvent> Events, Action Then)> _queued = new();
    private bool _writing;

    /// <summary>
    /// Writes the events (the apps' to their entities, then the scheduler's own with the apps it starts or stops
    /// listing), then folds each in and publishes it, runs <paramref name="then"/> (which must not record) and acts on
    /// the new state. Until then every other command waits, but for the view, which tells what is written; a write
    /// asked for meanwhile follows, decided on the state before this one, as it would have been in one journal.
    /// </summary>
    private void Record(IReadOnlyList<MarathonEvent> events, Action then)
    {
        if (events.Count == 0)
        {
            then();
            return;
        }
        if (_writing)
        {
            _queued.Enqueue((events, then));
            return;
        }
        var byApp = new Dictionary<string, List<MarathonEvent>>(StringComparer.Ordinal);
        var own = new List<MarathonEvent>();
        var after = _state;
        foreach (var e in events)
        {
            if (!e.IsAppEvent) own.Add(e);
            // A change of an instance already forgotten changes nothing.
            else if (after.AppOf(e) is { } appId) (byApp.TryGetValue(appId, out var list) ? list : byApp[appId] = []).Add(e);
            after = after.Apply(e);
        }
        var before = _state.AppIdsWithWork.ToHashSet(StringComparer.Ordinal);
        var now = after.AppIdsWithWork.ToHashSet(StringComparer.Ordinal);
        own.AddRange(now.Where(id => !before.Contains(id)).Order(StringComparer.Ordinal).Select(id => new AppListed(id)));
        own.AddRange(before.Where(id => !now.Contains(id)).Order(StringComparer.Ordinal).Select(id => new AppUnlisted(id)));
        var write = new Write(events, own, then);
        _writing = true;
        BecomeStacked(() => Writing(write));
        if (byApp.Count == 0)
        {
            WriteOwn(write);
            return;
        }
        var self = Self;
        Task.WhenAll(byApp.Select(app => _apps.Ask<AppEntity.Recorded>(new ShardingEnvelope(app.Key, new AppEntity.Record(app.Value)), EntityTimeout)))
            .PipeTo(self, success: _ => AppsWritten.Instance, failure: e => new AppsFailed(e));
    }

    private void Writing(Write write)
    {
        Command<AppsWritten>(_ => WriteOwn(write));
        Command<AppsFailed>(failed =>
            // Some apps may have written theirs: the scheduler starts again from what the entities hold.
            throw new InvalidOperationException("An app's entity did not record its events; the scheduler starts again from what is recorded", failed.Reason));
        Command<GetView>(_ => Sender.Tell(CurrentView()));
        CommandAny(_ => Stash.Stash());
    }

    private void WriteOwn(Write write)
    {
        if (write.Own.Count == 0)
        {
            Commit(write);
            return;
        }
        var last = write.Own[^1];
        PersistAll(write.Own, e =>
        {
            if (ReferenceEquals(e, last)) Commit(write);
        });
    }

    private void Commit(Write write)
    {
        foreach (var e in write.Events)
        {
            var before = _state;
            _state = _state.Apply(e);
            Applied(e, before);
        }
        foreach (var unlisted in write.Own.OfType<AppUnlisted>()) _apps.Tell(new ShardingEnvelope(unlisted.AppId, AppEntity.Forget.Instance));
        _writing = false;
        UnbecomeStacked();
        Stash.UnstashAll();
        write.Then();
        ActSoon();
        if (_queued.TryDequeue(out var next)) Record(next.Events, next.Then);
    }

    /// <summary>Asks each app the scheduler lists for all its entity holds; every command waits until they have all answered.</summary>
    private void Load()
    {
        if (_listed.Count == 0)
        {
            Start();
            return;
        }
        _log.Info("Asking {Count} apps' entities for their definitions and instances", _listed.Count);
        BecomeStacked(Loading);
        AskListed();
    }

    private void AskListed()
    {
        var self = Self;
        Task.WhenAll(_listed.Select(id => _apps.Ask<AppRecord>(new ShardingEnvelope(id, AppEntity.GetRecord.Instance), EntityTimeout)))
            .PipeTo(self, success: records => new Loaded(records), failure: e => new AppsFailed(e));
    }

    private void Loading()
    {
        Command<Loaded>(loaded =>
        {
            _state = loaded.Records.Aggregate(_state, (state, record) => state.With(record));
            _listed.Clear();
            UnbecomeStacked();
            Stash.UnstashAll();
            Start();
        });
        Command<AppsFailed>(failed =>
        {
            _log.Warning("Not every app's entity answered ({Reason}); asking again", failed.Reason.GetBaseException().Message);
            AskListed();
        });
        CommandAny(_ => Stash.Stash());
    }

    /// <summary>A write under way: all its events, the scheduler's own among them, and what to do once they are written.</summary>
    private sealed record Write(IReadOnlyList<MarathonEvent> Events, IReadOnlyList<MarathonEvent> Own, Action Then);

    private sealed record AppsWritten
    {
        public static AppsWritten Instance { get; } = new();
    }

    private sealed record AppsFailed(Exception Reason);

    private sealed record Loaded(IReadOnlyList<AppRecord> Records);
}
