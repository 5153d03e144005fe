namespace Mesos.Host.Tests;

/// <summary>
/// The ports a test cluster's agent offers to its tasks: a block of its own for each cluster of the run. Agents on one
/// machine that offered the same ports would give two clusters' tasks the same port, and one of them would fail to bind
/// it (a task that fails again and again). Blocks are taken in turn from 31000-31999, which <see cref="RunningMesos.FreePort"/>
/// leaves out, so no master or agent of another cluster listens there either.
/// </summary>
internal static class TaskPortBlocks
{
    private const int First = 31_000;
    private const int Size = 50;
    private const int Count = 20;
    private static int _taken = -1;

    public static TaskPorts Next()
    {
        var block = (int)((uint)Interlocked.Increment(ref _taken) % Count);
        return new TaskPorts(First + block * Size, First + block * Size + Size - 1);
    }
}

/// <summary>A range of ports, as an agent's `ports` resource names it.</summary>
public sealed record TaskPorts(int Begin, int End)
{
    public override string ToString() => $"[{Begin}-{End}]";
}
