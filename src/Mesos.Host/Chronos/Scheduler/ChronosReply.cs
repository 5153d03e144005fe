namespace Mesos.Host.Chronos.Scheduler;

/// <summary>How Chronos' scheduler and job entities answer a change: recorded, refused with why, or no such job.</summary>
public static class ChronosReply
{
    /// <summary>The change is recorded.</summary>
    public sealed record Done
    {
        public static Done Instance { get; } = new();
    }

    public sealed record Refused(IReadOnlyList<string> Errors);

    public sealed record NotFound(string Message);
}
