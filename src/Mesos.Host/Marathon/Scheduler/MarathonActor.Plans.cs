using Akka.Actor;
using Akka.Event;
using Mesos.Host.Marathon.Apps;
using Mesos.Host.Marathon.Constraints;
using Mesos.Host.Marathon.Deployments;
using Mesos.Host.Marathon.Launching;
using Mesos.Host.Marathon.State;
using Mesos.V1;

namespace Mesos.Host.Marathon.Scheduler;

public sealed partial class MarathonActor
{
    /// <summary>Asks every app for its next step: kills what must go, ends deployments that reached their goal, wants offers while anything waits.</summary>
    private void ActOnPlans()
    {
        if (!_reconciled) return;
        if (RollBackOverdue()) return;
        CheckReadiness();
        _plans.Clear();
        var now = Now;
        var passed = _readiness.Values.Where(r => r.Ready).Select(r => r.TaskId).ToHashSet(StringComparer.Ordinal);
        foreach (var appId in _state.AppIdsWithWork)
        {
            var plan = InstancePlanner.Plan(_state.Apps.GetValueOrDefault(appId), _state.InstancesOf(appId), _killing, passed);
            if (plan.Launch > 0 && _delay.Until(appId, now) is not null) plan = plan with { Waiting = new Wait(Wait.Backoff, plan.Launch, []) };
            _plans[appId] = plan;
            foreach (var taskId in plan.Kill) Kill(taskId);
        }
        foreach (var appId in _offers.Keys.Where(id => !Waits(id)).ToList()) _offers.Remove(appId);
        var finished = _state.Deployments.Values
            .Where(d => d.AffectedApps.All(app => _plans.GetValueOrDefault(app)?.Complete ?? true))
            .Select(d => (MarathonEvent)new DeploymentEnded(d.Id, Succeeded: true)).ToList();
        var want = _plans.Keys.Any(app => Waits(app) && _delay.Until(app, now) is null);
        // Offers are revived when something starts to wait, never suppressed: calls travel concurrently, and a
        // suppression overtaking a later revival would stop offers for good.
        if (want && !_wantOffers) _framework.Tell(MarathonFramework.ReviveOffers.Instance);
        _wantOffers = want;
        if (_delay.NextEnd(now) is { } end) Timers.StartSingleTimer(nameof(Act), Act.Instance, end - now);
        if (_state.Deployments.Values.Select(d => d.Deadline).Min() is { } deadline) Timers.StartSingleTimer(nameof(RollBackOverdue), Act.Instance, deadline - now);
        if (finished.Count > 0) Record(finished, () => { });
    }

    /// <summary>Rolls back the first deployment whose deadline has passed (the next act rolls back the next one); false when none has.</summary>
    private bool RollBackOverdue()
    {
        var now = Now;
        if (_state.Deployments.Values.Where(d => d.Deadline <= now).OrderBy(d => d.Deadline).FirstOrDefault() is not { } overdue) return false;
        var view = CurrentView();
        var waiting = string.Join("; ", overdue.AffectedApps.Select(view.Waiting).OfType<string>());
        var reason = $"The deployment did not finish by its deadline {AppVersions.Format(overdue.Deadline!.Value)} and was rolled back" + (waiting.Length > 0 ? $"; it was {waiting}" : "");
        _log.Warning("Deployment {Id}: {Reason}", overdue.Id, reason);
        Record(_state.Cancel(overdue.Id, now, force: false, reason), () => { });
        return true;
    }

    /// <summary>
    /// Keeps one readiness checker per running task of the current configuration of an app with a readiness check, until
    /// the task passes it; forgets the results of tasks that are gone.
    /// </summary>
    private void CheckReadiness()
    {
        foreach (var taskId in _readiness.Keys.Concat(_checkers.Keys).Where(t => !_state.Instances.ContainsKey(t)).ToList())
        {
            _readiness.Remove(taskId);
            if (_checkers.Remove(taskId, out var checker)) Context.Stop(checker);
        }
        foreach (var app in _state.Apps.Values.Where(a => !a.Definition.ReadinessChecks.IsEmpty))
        {
            var check = app.Definition.ReadinessChecks[0];
            var port = app.Definition.DeclaredPorts.Select((p, i) => (p.Name, i)).FirstOrDefault(p => p.Name == check.PortName).i;
            foreach (var instance in _state.InstancesOf(app.Id).Where(i => i.IsRunning && i.ConfigVersion == app.LastConfigChangeAt && i.Ports.Length > port))
            {
                if (_checkers.ContainsKey(instance.TaskId) || _readiness.GetValueOrDefault(instance.TaskId)?.Ready == true) continue;
                var url = new UriBuilder(check.Protocol.ToLowerInvariant(), instance.Agent.Hostname, instance.Ports[port], check.Path).Uri;
                _checkers[instance.TaskId] = Context.ActorOf(ReadinessChecker.Props(instance.TaskId, url, check));
            }
        }
    }

    private void OnReadiness(ReadinessResult result)
    {
        if (!_checkers.ContainsKey(result.TaskId)) return;
        _readiness[result.TaskId] = result;
        if (!result.Ready) return;
        _checkers.Remove(result.TaskId);
        _log.Info("Task {TaskId} passed its readiness check: {Detail}", result.TaskId, result.Detail);
        ActSoon();
    }

    private bool Waits(string appId) => _plans.GetValueOrDefault(appId)?.Launch > 0;

    private void OnOffers(MarathonFramework.Offers offers)
    {
        var now = Now;
        if (!_reconciled)
        {
            _framework.Tell(new MarathonFramework.DeclineOffers([.. offers.Received.Select(o => o.Id)], RetrySeconds));
            return;
        }
        var remaining = _plans.Where(p => p.Value.Launch > 0 && _state.Apps.ContainsKey(p.Key) && _delay.Until(p.Key, now) is null)
            .ToDictionary(p => p.Key, p => p.Value.Launch, StringComparer.Ordinal);
        var placed = remaining.Keys.ToDictionary(app => app, app => _state.InstancesOf(app).Where(i => i.IsActive).Select(i => i.Agent).ToList(), StringComparer.Ordinal);
        var events = new List<MarathonEvent>();
        var launches = new List<MarathonFramework.LaunchTasks>();
        var offersLeft = offers.Received.Count;
        foreach (var offer in offers.Received)
        {
            // The instances waiting are shared out over the offers that came together, so that a scale to a thousand
            // starts on every agent at once rather than piling onto the first (whose agent would start them one by one).
            var share = (remaining.Values.Sum() + offersLeft - 1) / offersLeft;
            offersLeft--;
            var requests = remaining.Where(r => r.Value > 0).OrderBy(r => r.Key, StringComparer.Ordinal)
                .Select(r => new OfferMatcher.Request(_state.Apps[r.Key], r.Value, placed[r.Key])).ToList();
            if (requests.Count == 0)
            {
                _framework.Tell(new MarathonFramework.DeclineOffers([offer.Id], IdleDeclineSeconds));
                continue;
            }
            var result = OfferMatcher.Match(offer, requests, share);
            RecordOffer(offer, requests, result, now);
            if (result.Launches.Count == 0)
            {
                _framework.Tell(new MarathonFramework.DeclineOffers([offer.Id], RetrySeconds));
                continue;
            }
            var tasks = new List<TaskInfo>();
            foreach (var launch in result.Launches)
            {
                var app = launch.App;
                var taskId = InstanceTasks.NewTaskId(app.Id);
                var agent = Placement.Of(offer);
                events.Add(new InstanceLaunched(new Instance(taskId, app.Id, app.Version, app.LastConfigChangeAt, agent, launch.Ports, Instance.Staging, null, now, null)));
                tasks.Add(InstanceTasks.Build(app, taskId, offer, launch.Ports, launch.Resources));
                remaining[app.Id]--;
                placed[app.Id].Add(agent);
            }
            launches.Add(new MarathonFramework.LaunchTasks(offer, tasks));
        }
        // Offers that arrive while these instances are written come before the next plan: they must not place them again.
        foreach (var (appId, left) in remaining) _plans[appId] = _plans[appId] with { Launch = left };
        // Each instance is recorded before its task is launched, so that a restart knows every task it may have started.
        Record(events, () =>
        {
            foreach (var launch in launches) _framework.Tell(launch);
        });
    }

    private void RecordOffer(Offer offer, IReadOnlyList<OfferMatcher.Request> requests, OfferMatcher.Result result, DateTimeOffset now)
    {
        var used = result.Launches.Select(l => l.App.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var request in requests)
        {
            var appId = request.App.Id;
            var log = _offers.GetValueOrDefault(appId) ?? OfferLog.Start(now);
            _offers[appId] = used.Contains(appId) ? log.Used(now)
                : result.Rejected.TryGetValue(appId, out var reasons) ? log.Refused(offer, reasons, now)
                : log;
        }
    }
}
