using Akka.Actor;
using Akka.Event;
using Mesos.Actors.Master.Allocation;
using Mesos.Actors.Master.Frameworks;
using Mesos.Actors.Master.Registrar;
using Mesos.Actors.Master.State;
using Mesos.V1;

namespace Mesos.Actors.Master;

// The registry: what must survive a restart (agents, frameworks, weights, quota), kept by a RegistryActor
// child. The master recovers from it before it serves anyone, and writes every change of it before the
// change takes effect or is answered. While a write is out the master holds every other message, so that
// what it decided on is still true when the answer comes; a write that fails changes nothing.
public sealed partial class MasterActor
{
    private static readonly TimeSpan RegistryRetryMin = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RegistryRetryMax = TimeSpan.FromSeconds(30);

    private IActorRef? _registryActor;
    private bool _registryReady;
    private int _registryGeneration;
    private TimeSpan _registryRetry = RegistryRetryMin;
    private Registry _registry = Registry.Empty;
    private PendingWrite? _write;

    /// <summary>Agents that subscribed while a write was out, admitted together once it is done.</summary>
    private readonly List<(SubscribeAgent Request, IActorRef ReplyTo)> _admissions = [];
    private readonly HashSet<string> _admissionKeys = new(StringComparer.Ordinal);

    /// <summary>Agents of the registry that have not registered again since the master started.</summary>
    private readonly Dictionary<string, AgentInfo> _recoveredAgents = new(StringComparer.Ordinal);

    private sealed record PendingWrite(Action<IReadOnlyList<string?>> Applied, Action<string> Failed);

    private sealed record RestartRegistry
    {
        public static RestartRegistry Instance { get; } = new();
    }

    private sealed record ReregisterTimedOut
    {
        public static ReregisterTimedOut Instance { get; } = new();
    }

    private sealed record PruneRegistry
    {
        public static PruneRegistry Instance { get; } = new();
    }

    /// <summary>Until the registry is recovered nothing is served: every message waits.</summary>
    private void Recovering()
    {
        Receive<RegistryActor.Recovered>(r => Sender.Equals(_registryActor), OnRecovered);
        Receive<RegistryActor.Deposed>(_ => Sender.Equals(_registryActor), OnDeposed);
        Receive<Terminated>(t => t.ActorRef.Equals(_registryActor), _ => OnRegistryStopped());
        Receive<RestartRegistry>(_ => StartRegistry());
        ReceiveAny(_ => Stash.Stash());
    }

    private void ReceiveRegistry()
    {
        Receive<RegistryActor.Recovered>(r => Sender.Equals(_registryActor), r => Adopt(r.Registry));
        Receive<RegistryActor.Deposed>(_ => Sender.Equals(_registryActor), OnDeposed);
        Receive<Terminated>(t => t.ActorRef.Equals(_registryActor), _ => OnRegistryStopped());
        Receive<RestartRegistry>(_ => StartRegistry());
        Receive<ReregisterTimedOut>(_ => OnReregisterTimedOut());
        Receive<PruneRegistry>(_ => Write([new PruneAgents()],
            _ => _log.Debug("Registry pruned: {Unreachable} unreachable and {Gone} gone agents kept", _registry.Unreachable.Count, _registry.Gone.Count),
            reason => _log.Warning("Pruning the registry failed ({Reason}); next try in {Interval}", reason, _settings.Registry.GcInterval)));
    }

    private void StartRegistry()
    {
        _registryReady = false;
        _registryActor = Context.Watch(Context.ActorOf(RegistryActor.Props(_settings.Registry, _info.Id, _registry.Epoch), $"registry-{_registryGeneration++}"));
    }

    private void OnRegistryStopped()
    {
        _registryReady = false;
        _log.Warning("The registry stopped; starting it again in {Delay}", _registryRetry);
        Timers.StartSingleTimer(RestartRegistry.Instance, RestartRegistry.Instance, _registryRetry);
        _registryRetry = TimeSpan.FromTicks(Math.Min(RegistryRetryMax.Ticks, _registryRetry.Ticks * 2));
    }

    /// <summary>
    /// The master's start: frameworks of the registry wait for their schedulers (their failover timeouts
    /// counted from now), agents for their re-registration (within --agent_reregister_timeout), and the
    /// allocator gets the weights and quotas and pauses as Mesos' does after a failover.
    /// </summary>
    private void OnRecovered(RegistryActor.Recovered recovered)
    {
        _registryReady = true;
        _registryRetry = RegistryRetryMin;
        _registry = recovered.Registry;
        foreach (var info in _registry.Frameworks.Values) RecoverFramework(info.Clone());
        foreach (var (id, info) in _registry.Admitted) _recoveredAgents[id] = info;
        if (_recoveredAgents.Count > 0) Timers.StartSingleTimer(ReregisterTimedOut.Instance, ReregisterTimedOut.Instance, _settings.Registry.AgentReregisterTimeout);
        if (_registry.Weights.Count > 0) TellAllocator(new WeightsUpdated(_registry.Weights));
        TellAllocator(new RecoveryStarted(_registry.Admitted.Count, _registry.Quotas.Values.ToDictionary(c => c.Role, QuotaOf, StringComparer.Ordinal)));
        Timers.StartPeriodicTimer(PruneRegistry.Instance, PruneRegistry.Instance, _settings.Registry.GcInterval);
        _log.Info("Master {Id} recovered the registry (epoch {Epoch}): {Agents} agents to register again, {Frameworks} frameworks, {Weights} weights, {Quotas} quotas",
            _info.Id, _registry.Epoch, _recoveredAgents.Count, _registry.Frameworks.Count, _registry.Weights.Count, _registry.Quotas.Count);
        Become(Serving);
        Stash.UnstashAll();
        Context.System.EventStream.Publish(new MasterElected(Self, _info, _registry.Epoch));
    }

    /// <summary>
    /// Another master recorded a later epoch in the registry: this one no longer leads, and stops before
    /// it acts on anything again, as a Mesos master that lost its leadership does.
    /// </summary>
    private void OnDeposed(RegistryActor.Deposed deposed)
    {
        _log.Error("Master {Id} was deposed: the registry is at epoch {Epoch} of master {Other}, this master held epoch {Held}; stopping",
            _info.Id, deposed.Registry.Epoch, deposed.Registry.MasterId ?? "(unknown)", _registry.Epoch);
        if (_write is not null) Complete(write => write.Failed("This master no longer leads"));
        // Heard before the stop (it is queued first): the host tells a deposed master from one that handed over.
        Context.System.EventStream.Publish(new MasterDeposed(Self, deposed.Registry.Epoch));
        Context.Stop(Self);
    }

    private void RecoverFramework(FrameworkInfo info)
    {
        var failover = TimeSpan.FromSeconds(info.FailoverTimeout);
        var session = Context.ActorOf(FrameworkSession.Props(info.Id, failover), SessionName("framework"));
        var framework = new FrameworkState(info, session) { RegisteredTime = Now };
        _frameworks[info.Id.Value] = framework;
        // A countdown that began under an earlier master goes on where it was (Mesos started it again: MESOS-4659).
        var left = _registry.Disconnected.TryGetValue(info.Id.Value, out var since) ? failover - (Now - since) : failover;
        session.Tell(new FrameworkSession.AwaitFailover(left < TimeSpan.Zero ? TimeSpan.Zero : left), Self);
        TellAllocator(new FrameworkAdded(info.Id.Value, SpecOf(framework), Active: false));
    }

    /// <summary>
    /// A registry started again after a failure recovered what its journal holds, which is the truth: a
    /// write reported failed may yet have landed. Weights and quotas are taken from it.
    /// </summary>
    private void Adopt(Registry recovered)
    {
        _registryReady = true;
        _registryRetry = RegistryRetryMin;
        var previous = _registry;
        _registry = recovered;
        _log.Info("The registry is back (epoch {Epoch})", recovered.Epoch);
        if (!previous.Weights.SequenceEqual(recovered.Weights)) TellAllocator(new WeightsUpdated(recovered.Weights));
        foreach (var role in previous.Quotas.Keys.Union(recovered.Quotas.Keys))
        {
            var was = previous.Quotas.GetValueOrDefault(role);
            var now = recovered.Quotas.GetValueOrDefault(role);
            if (!Equals(was, now)) TellAllocator(new QuotaUpdated(role, now is null ? Allocator.Quota.None : QuotaOf(now)));
        }
    }

    /// <summary>Agents of the registry that did not register again in time are unreachable, as Mesos marks them.</summary>
    private void OnReregisterTimedOut()
    {
        if (_recoveredAgents.Count == 0) return;
        var missing = _recoveredAgents.Values.Select(a => a.Id).ToList();
        Write(missing.Select(id => (RegistryOperation)new MarkAgentUnreachable(id)).ToList(),
            _ =>
            {
                foreach (var id in missing)
                {
                    _recoveredAgents.Remove(id.Value);
                    CountMarkedUnreachable(duringRecovery: true);
                }
                _log.Warning("{Count} agents did not register again within {Timeout}: they are unreachable", missing.Count, _settings.Registry.AgentReregisterTimeout);
            },
            reason =>
            {
                _log.Warning("Marking agents unreachable failed ({Reason}); trying again", reason);
                Timers.StartSingleTimer(ReregisterTimedOut.Instance, ReregisterTimedOut.Instance, RegistryRetryMax);
            });
    }

    /// <summary>
    /// Writes what the operations decide, then calls <paramref name="applied"/> with each operation's
    /// refusal (or null); or <paramref name="failed"/> with why nothing was written. What the registry
    /// holds already, or refuses, is answered at once without a write.
    /// </summary>
    private void Write(IReadOnlyList<RegistryOperation> operations, Action<IReadOnlyList<string?>> applied, Action<string> failed)
    {
        var next = _registry;
        var refusals = new List<string?>(operations.Count);
        var changes = false;
        foreach (var operation in operations)
        {
            var decision = operation.Decide(next, _settings.Registry.Rules, Now);
            refusals.Add(decision.Refusal);
            foreach (var e in decision.Events)
            {
                next = next.Apply(e);
                changes = true;
            }
        }
        if (!changes)
        {
            applied(refusals);
            return;
        }
        if (!_registryReady || _registryActor is null)
        {
            failed("The registry is unavailable (it is being recovered after a failure); try again");
            return;
        }
        _write = new PendingWrite(applied, failed);
        _registryActor.Tell(new RegistryActor.Apply(operations), Self);
        BecomeStacked(AwaitingWrite);
    }

    /// <summary>One operation for a caller: refused, it answers 400; failed, 503; written, <paramref name="then"/> runs.</summary>
    private void Write(RegistryOperation operation, IActorRef replyTo, Action then) =>
        Write([operation],
            refusals =>
            {
                if (refusals[0] is { } refusal) replyTo.Tell(Invalid(refusal), Self);
                else then();
            },
            reason => replyTo.Tell(Unavailable(reason), Self));

    private void AwaitingWrite()
    {
        Receive<RegistryActor.Applied>(_ => Sender.Equals(_registryActor), applied =>
        {
            _registry = applied.Registry;
            Complete(write => write.Applied(applied.Refusals));
        });
        Receive<RegistryActor.WriteFailed>(_ => Sender.Equals(_registryActor), failed =>
        {
            // The registry stops after a failed write; nothing more is sent to it until it is back.
            _registryReady = false;
            Complete(write => write.Failed($"Failed to update the registry: {failed.Reason}"));
        });
        Receive<Terminated>(t => t.ActorRef.Equals(_registryActor), _ =>
        {
            OnRegistryStopped();
            Complete(write => write.Failed("Failed to update the registry: it stopped"));
        });
        Receive<RegistryActor.Deposed>(_ => Sender.Equals(_registryActor), OnDeposed);
        Receive<RegistryActor.Recovered>(_ => Sender.Equals(_registryActor), recovered =>
        {
            // Restarted by its supervisor while the write was out: the write's fate is what it recovered.
            Adopt(recovered.Registry);
            Complete(write => write.Failed("Failed to update the registry: it restarted"));
        });
        Receive<SubscribeAgent>(QueueAdmission);
        ReceiveAny(_ => Stash.Stash());
    }

    /// <summary>
    /// A subscription that came while a write was out joins the next write's batch; one from an agent
    /// already in the batch waits its turn behind it, as it would have without the batch.
    /// </summary>
    private void QueueAdmission(SubscribeAgent request)
    {
        var info = request.Subscribe.AgentInfo;
        // The agent's id, or its address while it has none.
        var key = (request.AgentId ?? info?.Id)?.Value ?? $"{info?.Hostname}:{info?.Port}";
        if (!_admissionKeys.Add(key))
        {
            Stash.Stash();
            return;
        }
        _admissions.Add((request, Sender));
    }

    private void Complete(Action<PendingWrite> finish)
    {
        var write = _write!;
        _write = null;
        UnbecomeStacked();
        Stash.UnstashAll();
        finish(write);
        // Subscriptions that queued meanwhile go in the next write, unless what finished began one.
        if (_write is not null || _admissions.Count == 0) return;
        var admissions = _admissions.ToList();
        _admissions.Clear();
        _admissionKeys.Clear();
        Admit(admissions);
    }
}
