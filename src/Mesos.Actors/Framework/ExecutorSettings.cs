using System.Collections;
using Mesos.Actors.Protocol;
using Mesos.V1;

namespace Mesos.Actors.Framework;

/// <summary>
/// Who an executor is and where its agent is, as the agent tells it in the environment it starts the
/// executor with (<c>MESOS_AGENT_ENDPOINT</c>, <c>MESOS_FRAMEWORK_ID</c>, <c>MESOS_EXECUTOR_ID</c>,
/// <c>MESOS_CHECKPOINT</c>, <c>MESOS_RECOVERY_TIMEOUT</c>, <c>MESOS_SUBSCRIPTION_BACKOFF_MAX</c>).
/// </summary>
/// <param name="AgentEndpoint">host:port of the agent's executor API.</param>
public sealed record ExecutorSettings(string AgentEndpoint, FrameworkID FrameworkId, ExecutorID ExecutorId)
{
    /// <summary>Whether the framework checkpoints: then a lost agent is waited for, for <see cref="RecoveryTimeout"/>; else the executor ends.</summary>
    public bool Checkpoint { get; init; }

    /// <summary>How long a checkpointing executor keeps subscribing again after losing its agent (Mesos' default: 15 minutes).</summary>
    public TimeSpan RecoveryTimeout { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>The most it waits between two subscription attempts (Mesos' default: 2 seconds).</summary>
    public TimeSpan SubscriptionBackoffMax { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The settings the agent gave this process.</summary>
    /// <exception cref="InvalidOperationException">A variable the agent always sets is missing or malformed: the program was not started by an agent.</exception>
    public static ExecutorSettings FromEnvironment() => FromEnvironment(System.Environment.GetEnvironmentVariables());

    /// <inheritdoc cref="FromEnvironment()"/>
    public static ExecutorSettings FromEnvironment(IDictionary environment)
    {
        string? Get(string name) => environment[name] as string;
        string Required(string name) => Get(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: an executor is started by a Mesos agent, which sets it");
        TimeSpan Duration(string name, TimeSpan otherwise) => Get(name) is not { Length: > 0 } text
            ? otherwise
            : MesosDuration.TryParse(text, out var duration) ? duration : throw new InvalidOperationException($"{name} '{text}' is not a duration such as 15mins");

        return new ExecutorSettings(Required("MESOS_AGENT_ENDPOINT"), new FrameworkID { Value = Required("MESOS_FRAMEWORK_ID") }, new ExecutorID { Value = Required("MESOS_EXECUTOR_ID") })
        {
            Checkpoint = Get("MESOS_CHECKPOINT") == "1",
            RecoveryTimeout = Duration("MESOS_RECOVERY_TIMEOUT", TimeSpan.FromMinutes(15)),
            SubscriptionBackoffMax = Duration("MESOS_SUBSCRIPTION_BACKOFF_MAX", TimeSpan.FromSeconds(2)),
        };
    }
}
