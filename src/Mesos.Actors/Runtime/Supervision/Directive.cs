namespace Mesos.Actors.Runtime;

/// <summary>What a supervisor does with a failed child.</summary>
public enum Directive
{
    /// <summary>Keep the actor and its state; drop the failing message and go on.</summary>
    Resume,
    /// <summary>Replace the actor by a fresh instance; the failing message is dropped.</summary>
    Restart,
    /// <summary>Stop the actor for good.</summary>
    Stop,
    /// <summary>Fail the supervisor itself with the same exception, so that its own supervisor decides.</summary>
    Escalate,
}
