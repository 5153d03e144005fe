using Mesos.Actors.Protocol;
using Mesos.V1;

namespace Mesos.Actors.Master.Validation;

/// <summary>
/// Checks an executor before the master launches tasks under it, as Mesos does: the checks every executor
/// passes, then those of LAUNCH (a custom executor) or of LAUNCH_GROUP (the default executor or a custom one).
/// </summary>
internal static class ExecutorValidator
{
    /// <summary>The least a task group's executor must hold: Mesos' MIN_CPUS and MIN_MEM.</summary>
    public const double MinCpus = 0.01;
    public const double MinMemMegabytes = 32;

    /// <param name="existing">The executor with this id the framework already runs on the agent, if any.</param>
    public static string? Validate(ExecutorInfo executor, FrameworkID frameworkId, ExecutorInfo? existing)
    {
        if (executor.Type == ExecutorInfo.Types.Type.Default && executor.Command is not null)
        {
            return "'ExecutorInfo.command' must not be set for 'DEFAULT' executor";
        }
        if (executor.Type == ExecutorInfo.Types.Type.Custom && executor.Command is null)
        {
            return "'ExecutorInfo.command' must be set for 'CUSTOM' executor";
        }
        if (Ids.ValidatePathComponent(executor.ExecutorId.Value, "Executor ID") is { } idError) return idError;
        if (CommandValidator.ValidateExecutor(executor) is { } commandError) return commandError;
        if (executor.ShutdownGracePeriod?.Nanoseconds < 0) return "ExecutorInfo's 'shutdown_grace_period' must be non-negative";
        if (executor.FrameworkId is null) return "'ExecutorInfo.framework_id' must be set";
        if (executor.FrameworkId.Value != frameworkId.Value)
        {
            return $"ExecutorInfo has an invalid FrameworkID (Actual: {executor.FrameworkId.Value} vs Expected: {frameworkId.Value})";
        }
        foreach (var resource in executor.Resources)
        {
            if (Resources.Validate(resource) is { } resourceError) return $"Executor uses invalid resources: {resourceError}";
        }
        if (existing is not null && !existing.Equals(executor))
        {
            return "ExecutorInfo is not compatible with existing ExecutorInfo with same ExecutorID";
        }
        return null;
    }

    /// <summary>A task of LAUNCH names its own executor: a custom one, with a command to run.</summary>
    public static string? ValidateForLaunch(ExecutorInfo executor)
    {
        if (executor.HasType && executor.Type != ExecutorInfo.Types.Type.Custom) return "'ExecutorInfo.type' must be 'CUSTOM'";
        if (executor.Command is null) return "'ExecutorInfo.command' must be set";
        return null;
    }

    /// <summary>The executor of a task group says which it is, and holds enough to run at all.</summary>
    public static string? ValidateForGroup(ExecutorInfo executor)
    {
        if (!executor.HasType) return "'ExecutorInfo.type' must be set";
        if (executor.Type == ExecutorInfo.Types.Type.Unknown) return "Unknown executor type";
        var resources = Resources.FromProtos(executor.Resources);
        var id = executor.ExecutorId.Value;
        if (resources.Scalar("cpus") < MinCpus) return $"Executor '{id}' uses less CPUs ({Describe(resources, "cpus")}) than the minimum required ({MinCpus})";
        if (resources.Scalar("mem") < MinMemMegabytes) return $"Executor '{id}' uses less memory ({Describe(resources, "mem")}) than the minimum required ({MinMemMegabytes}MB)";
        if (!executor.Resources.Any(r => r.Name == "disk")) return $"Executor '{id}' uses no disk";
        return null;
    }

    private static string Describe(Resources resources, string name) =>
        resources.Scalar(name) is var value && value > 0 ? value.ToString(System.Globalization.CultureInfo.InvariantCulture) : "None";
}
