namespace Mesos.Host.Marathon.Deployments;

/// <summary>
/// The last run of a task's readiness check: whether it passed, what it found (<see cref="Detail"/>: the status
/// the task answered, or why it did not), and the response itself when the check preserves it.
/// </summary>
public sealed record ReadinessResult(string Name, string TaskId, bool Ready, string Detail, ReadinessResponse? LastResponse, DateTimeOffset At);

/// <summary>A response to a readiness check, its body cut to <see cref="MaxBody"/> bytes.</summary>
public sealed record ReadinessResponse(int Status, string ContentType, string Body)
{
    public const int MaxBody = 4096;
}
