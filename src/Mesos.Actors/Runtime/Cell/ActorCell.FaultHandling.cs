using Microsoft.Extensions.Logging;

namespace Mesos.Actors.Runtime;

/// <summary>Failure, supervision, restart and termination, following Akka's fault handling.</summary>
internal sealed partial class ActorCell
{
    private bool _isFailed;
    private bool _isTerminating;
    private volatile bool _isTerminated;
    private object? _failedMessage;
    private Exception? _pendingRecreate;

    public bool IsTerminated => _isTerminated;

    /// <summary>
    /// The actor threw: it stops taking messages, its children are suspended, and its parent decides.
    /// The failing message is not processed again.
    /// </summary>
    private void HandleInvokeFailure(Exception cause)
    {
        if (_isTerminating)
        {
            RuntimeLog.LogError(cause, "Failure while stopping: {Message}", cause.Message);
            return;
        }
        if (_isFailed) return;
        _isFailed = true;
        _failedMessage = _currentEnvelope.Message;
        Mailbox.SuspendUserMessages();
        SendToChildren(Suspend.Instance);
        _parent.SendSystemMessage(new Failed(Self, cause, Self.Uid));
    }

    private void HandleFailed(Failed failed)
    {
        var stats = ChildStatsFor(failed.Child);
        if (stats is null || failed.Uid != failed.Child.Uid) return;
        var strategy = _actor?.AroundSupervisorStrategy() ?? Props.SupervisorStrategy ?? SupervisorStrategy.DefaultStrategy;
        if (!strategy.HandleFailure(this, stats, failed.Cause, ChildStats()))
        {
            // Escalate: this actor fails with its child's exception and its own parent decides.
            HandleInvokeFailure(failed.Cause);
        }
    }

    private void SuspendSelfAndChildren()
    {
        Mailbox.SuspendUserMessages();
        SendToChildren(Suspend.Instance);
    }

    private void ResumeSelfAndChildren(Exception? causedByFailure)
    {
        if (causedByFailure is not null)
        {
            if (!_isFailed) return;
            if (_actor is null)
            {
                // There is no instance to resume when the constructor failed: make one.
                BeginRecreate(causedByFailure);
                return;
            }
            _isFailed = false;
            _failedMessage = null;
        }
        Mailbox.ResumeUserMessages();
        SendToChildren(new Resume(null));
    }

    private void BeginRecreate(Exception cause)
    {
        if (_isTerminating) return;
        if (_actor is { } failedInstance)
        {
            try
            {
                failedInstance.AroundPreRestart(cause, _failedMessage);
            }
            catch (Exception e)
            {
                RuntimeLog.LogError(e, "PreRestart failed: {Message}", e.Message);
            }
        }
        ClearIncarnationState();
        if (HasChildren) _pendingRecreate = cause;
        else FinishRecreate(cause);
    }

    private void FinishRecreate(Exception cause)
    {
        _pendingRecreate = null;
        _isFailed = false;
        _failedMessage = null;
        Mailbox.ResumeUserMessages();
        SendToChildren(new Recreate(cause));
        try
        {
            _actor = NewActor();
            _actor.AroundPostRestart(cause);
        }
        catch (Exception e)
        {
            HandleInvokeFailure(e as ActorInitializationException ??
                                new ActorInitializationException(Self, $"Exception while restarting actor {Self.Path}: {e.Message}", e));
        }
    }

    /// <summary>What belongs to one instance of the actor and must not reach the next: timers, timeouts, stash, pending awaits.</summary>
    private void ClearIncarnationState()
    {
        _timers?.CancelAll();
        SetReceiveTimeout(null);
        _stash?.ReturnToMailbox();
        AbandonAsyncHandler();
    }

    private void BeginTerminate()
    {
        lock (_childrenLock)
        {
            if (_isTerminating) return;
            _isTerminating = true;
        }
        _timers?.CancelAll();
        SetReceiveTimeout(null);
        AbandonAsyncHandler();
        UnwatchWatchedActors();
        Mailbox.SuspendUserMessages();
        SendToChildren(Terminate.Instance);
        if (!HasChildren) FinishTerminate();
    }

    private void HandleChildTerminated()
    {
        if (HasChildren) return;
        if (_isTerminating) FinishTerminate();
        else if (_pendingRecreate is { } cause) FinishRecreate(cause);
    }

    private void FinishTerminate()
    {
        try
        {
            _actor?.AroundPostStop();
        }
        catch (Exception e)
        {
            RuntimeLog.LogError(e, "PostStop failed: {Message}", e.Message);
        }
        finally
        {
            _actor = null;
            _isTerminated = true;
            Mailbox.Close();
            _parent.SendSystemMessage(new DeathWatchNotification(Self, ExistenceConfirmed: true));
            TellWatchersWeDied();
        }
    }
}
