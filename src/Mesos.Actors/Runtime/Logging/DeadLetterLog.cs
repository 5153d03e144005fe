using Microsoft.Extensions.Logging;

namespace Mesos.Actors.Runtime;

/// <summary>
/// Logs undeliverable and unhandled messages, at most <c>log-dead-letters</c> of them, then pauses for
/// <c>log-dead-letters-suspend-duration</c>, so that a flood cannot drown the log.
/// </summary>
internal sealed class DeadLetterLog(ILogger logger, ActorSettings settings, TimeProvider time)
{
    private readonly Lock _lock = new();
    private int _count;
    private DateTimeOffset? _suspendedUntil;

    public bool ShuttingDown { get; set; }

    public void Record(object message, IActorRef sender, IActorRef recipient, string kind)
    {
        if (settings.LogDeadLetters <= 0 || (ShuttingDown && !settings.LogDeadLettersDuringShutdown)) return;
        int count;
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (_suspendedUntil is { } until)
            {
                if (now < until) return;
                _suspendedUntil = null;
                _count = 0;
            }
            count = ++_count;
            if (count == settings.LogDeadLetters) _suspendedUntil = now + settings.LogDeadLettersSuspendDuration;
        }
        var pause = count == settings.LogDeadLetters
            ? $" No more dead letters will be logged for {settings.LogDeadLettersSuspendDuration}."
            : "";
        logger.LogInformation("Message [{MessageType}] from {Sender} to {Recipient} was not delivered ({Kind}). [{Count}] dead letters encountered.{Pause}",
            message.GetType().Name, sender.Path.ToStringWithoutAddress(), recipient.Path.ToStringWithoutAddress(), kind, count, pause);
    }
}
