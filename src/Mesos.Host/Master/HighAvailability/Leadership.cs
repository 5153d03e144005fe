using Akka.Cluster;
using Mesos.Actors.Framework;
using MasterInfo = Mesos.V1.MasterInfo;

namespace Mesos.Host.Master.HighAvailability;

/// <summary>
/// Who leads, as this master's endpoints see it: this master (its master actor recovered the registry
/// and recorded its epoch), another (followers point at its HTTP address), or none yet. A master that
/// runs alone always leads. Written by <see cref="LeadershipActor"/>, read by every request.
/// </summary>
internal sealed class Leadership
{
    private volatile LeaderView _view;
    // Completed, and replaced, each time a view names a leader: what waits for one is woken at once.
    private TaskCompletionSource _leaderNamed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    // Completed, and replaced, at every view: what waits for this master to lead, or to stop leading, looks again.
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private Leadership(LeaderView view)
    {
        _view = view;
        Update(view);
    }

    /// <summary>A master without peers: it leads once it has started.</summary>
    public static Leadership Alone(MasterAddress self) => new(new LeaderView(true, self, Epoch: 0));

    /// <summary>A master of a cluster: it knows of no leader until the cluster tells it.</summary>
    public static Leadership InCluster() => new(new LeaderView(false, null, Epoch: 0));

    public LeaderView View => _view;

    /// <summary>
    /// Completes once this master leads (at once while it does). A master can lead more than once: its master may be
    /// handed over to another that is older, and come back here once that one is gone.
    /// </summary>
    public Task Leads(CancellationToken cancel) => Until(leading: true, cancel);

    /// <summary>Completes once this master no longer leads (at once while it does not).</summary>
    public Task Follows(CancellationToken cancel) => Until(leading: false, cancel);

    private async Task Until(bool leading, CancellationToken cancel)
    {
        while (true)
        {
            var changed = Volatile.Read(ref _changed).Task;
            if (_view.Leading == leading) return;
            await changed.WaitAsync(cancel);
        }
    }

    public void Update(LeaderView view)
    {
        _view = view;
        Interlocked.Exchange(ref _changed, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        // The view is set first: a waiter that finds the new source has already seen the leader.
        if (view.Leader is not null) Interlocked.Exchange(ref _leaderNamed, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>The view once it names a leader, or as it is when <paramref name="wait"/> is over or the caller gives up.</summary>
    public async Task<LeaderView> LeaderWithin(TimeSpan wait, CancellationToken cancel)
    {
        var named = Volatile.Read(ref _leaderNamed).Task;
        if (_view.Leader is not null || wait <= TimeSpan.Zero) return _view;
        try
        {
            await named.WaitAsync(wait, cancel);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            // No leader yet: the caller hears so.
        }
        return _view;
    }
}

/// <summary>Whether this master leads, and the leader's HTTP address (null while there is none).</summary>
/// <param name="Epoch">The registry's epoch of this master's leadership; 0 when it does not lead.</param>
internal sealed record LeaderView(bool Leading, MasterAddress? Leader, ulong Epoch)
{
    /// <summary>The leading master's info, as /master/state shows it; set only while this master leads.</summary>
    public MasterInfo? Info { get; init; }

    /// <summary>The leading master as a cluster member, whose roles name where its built-in frameworks listen; null alone or while none leads.</summary>
    public Member? Member { get; init; }

    /// <summary>Where the leading master's built-in framework <paramref name="name"/> (marathon, chronos) listens, if it runs one.</summary>
    public MasterAddress? FrameworkAt(string name) => Member is { } member ? MasterCluster.AddressIn(member, name + "=") : null;
}
