using Mesos.V1;

namespace Mesos.Actors.Agent;

/// <summary>
/// The executors the agent has forgotten, newest last, kept for operators within a bound as Mesos
/// keeps its completed executors (50 frameworks of 150 executors by default).
/// </summary>
internal sealed class CompletedExecutors
{
    public const int Capacity = 1000;

    private readonly LinkedList<(FrameworkInfo Framework, ExecutorView Executor)> _executors = [];

    public IEnumerable<(FrameworkInfo Framework, ExecutorView Executor)> All => _executors;

    public void Add(FrameworkInfo framework, ExecutorView executor)
    {
        _executors.AddLast((framework, executor));
        if (_executors.Count > Capacity) _executors.RemoveFirst();
    }
}
