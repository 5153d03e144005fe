using Mesos.Actors.Master.Roles;
using Mesos.Actors.Protocol;
using Mesos.Internal;
using Mesos.V1;

namespace Mesos.Actors.Master.Validation;

/// <summary>
/// Checks what a framework or an agent says about itself when it subscribes (or a framework
/// updates itself), so that the endpoint refuses it with a 400 before the master sees it, and the
/// master refuses it too should a message come by another way. Each method answers why the input
/// is invalid, or null when it is valid.
/// </summary>
public static class SubscriptionValidator
{
    /// <summary>
    /// The longest failover timeout, in seconds: Mesos' Duration is a 64-bit count of nanoseconds,
    /// and a longer one cannot be represented (Mesos refuses it the same way).
    /// </summary>
    public const double MaxFailoverTimeoutSeconds = long.MaxValue / 1e9;

    /// <summary>The framework's ID (when it names one), its roles and its failover timeout.</summary>
    public static string? ValidateFramework(FrameworkInfo info)
    {
        if (info.Id is { } id && Ids.ValidateMintedId(id.Value, "Framework ID") is { } badId) return badId;
        if (info.HasRole && RoleNames.Validate(info.Role) is { } badRole) return badRole;
        foreach (var role in info.Roles)
        {
            if (RoleNames.Validate(role) is { } bad) return bad;
        }

        var timeout = info.FailoverTimeout;
        return double.IsFinite(timeout) && timeout is >= 0 and <= MaxFailoverTimeoutSeconds ? null
            : $"Invalid framework failover_timeout {timeout}: expecting a non-negative number of seconds of at most {MaxFailoverTimeoutSeconds:0}";
    }

    /// <summary>The agent ID an agent subscribes with, when it names one.</summary>
    public static string? ValidateAgentId(AgentID? id) => id is null ? null : Ids.ValidateMintedId(id.Value, "Agent ID");

    /// <summary>
    /// What an agent says of itself and of what it still runs when it subscribes: its IDs, resources the
    /// master can count, tasks and executors with valid IDs and resources, which together fit within the
    /// agent's (the master takes them as holding its resources, so more would overcommit it).
    /// </summary>
    public static string? ValidateAgent(AgentCall.Types.Subscribe subscribe, AgentID? agentId)
    {
        if ((ValidateAgentId(agentId) ?? ValidateAgentId(subscribe.AgentInfo?.Id)) is { } badId) return badId;
        var info = subscribe.AgentInfo;
        if (info is null || string.IsNullOrEmpty(info.Hostname)) return "Expecting 'agent_info.hostname' to be present";
        var total = new ResourceTally();
        if (Tally(total, info.Resources) is { } badTotal) return $"The agent's resources are invalid: {badTotal}";
        foreach (var attribute in info.Attributes)
        {
            if (ValidateAttribute(attribute) is { } badAttribute) return badAttribute;
        }
        // One pass: each resource is checked and summed at once, without a bag for each task.
        var held = new ResourceTally();
        foreach (var task in subscribe.Tasks)
        {
            var badTaskId = Ids.ValidatePathComponent(task.TaskId.Value, "Task ID") ?? Ids.ValidateMintedId(task.FrameworkId.Value, "Framework ID")
                ?? (task.ExecutorId is { } executor ? Ids.ValidatePathComponent(executor.Value, "Executor ID") : null);
            if (badTaskId is not null) return badTaskId;
            if (Tally(held, task.Resources) is { } badResource) return $"Task '{task.TaskId.Value}': its resources are invalid: {badResource}";
        }
        foreach (var executor in subscribe.Executors)
        {
            var badExecutorId = Ids.ValidatePathComponent(executor.ExecutorId.Value, "Executor ID")
                ?? (executor.FrameworkId is { } framework ? Ids.ValidateMintedId(framework.Value, "Framework ID") : "Expecting 'framework_id' of every executor");
            if (badExecutorId is not null) return badExecutorId;
            if (Tally(held, executor.Resources) is { } badResource) return $"Executor '{executor.ExecutorId.Value}': its resources are invalid: {badResource}";
        }
        return held.IsWithin(total) ? null : Beyond(held.Total(), total.Total());
    }

    /// <summary>
    /// Whether the tasks and executors a valid subscription reports fit within <paramref name="total"/>: for an
    /// agent the master knows, the resources the master holds for it, which a subscription does not change (the
    /// master takes what is reported as holding them, so more would overcommit it).
    /// </summary>
    public static string? ValidateHeld(AgentCall.Types.Subscribe subscribe, Resources total)
    {
        var held = new ResourceTally();
        foreach (var task in subscribe.Tasks)
        {
            foreach (var resource in task.Resources) held.Add(resource);
        }
        foreach (var executor in subscribe.Executors)
        {
            foreach (var resource in executor.Resources) held.Add(resource);
        }
        var heldTotal = held.Total();
        return total.Contains(heldTotal) ? null : Beyond(heldTotal, total);
    }

    private static string Beyond(Resources held, Resources total) => $"The agent's tasks and executors hold more than its resources: {held} of {total}";

    /// <summary>An attribute has a name and the value of its type, which offers and the state endpoints show.</summary>
    private static string? ValidateAttribute(V1.Attribute attribute)
    {
        if (string.IsNullOrEmpty(attribute.Name)) return "Every agent attribute needs a name";
        var valid = attribute.Type switch
        {
            Value.Types.Type.Scalar => attribute.Scalar is { } scalar && double.IsFinite(scalar.Value),
            Value.Types.Type.Ranges => attribute.Ranges is { } ranges && ranges.Range.All(r => r.Begin <= r.End),
            Value.Types.Type.Set => attribute.Set is not null,
            Value.Types.Type.Text => attribute.Text is not null,
            _ => false,
        };
        return valid ? null : $"Agent attribute '{attribute.Name}' has no valid value of its type {attribute.Type}";
    }

    /// <summary>Why one of <paramref name="resources"/> cannot be counted, or null once all are added to <paramref name="held"/>.</summary>
    private static string? Tally(ResourceTally held, IEnumerable<Resource> resources)
    {
        foreach (var resource in resources)
        {
            if (Resources.Validate(resource) is { } error) return error;
            held.Add(resource);
        }
        return null;
    }
}
