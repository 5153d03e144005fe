using Mesos.V1;
using Mesos.V1.Executor;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Actors.Agent;

/// <summary>Mesos' checks of an executor call before the agent looks at it; the answer is why it is invalid, or null.</summary>
internal static class ExecutorCallValidator
{
    public static string? Validate(Call call)
    {
        if (!call.HasType) return "Expecting 'type' to be present";
        return call.Type switch
        {
            Call.Types.Type.Subscribe when call.Subscribe is null => "Expecting 'subscribe' to be present",
            Call.Types.Type.Update => call.Update is null ? "Expecting 'update' to be present" : ValidateUpdate(call, call.Update.Status),
            Call.Types.Type.Message when call.Message is null => "Expecting 'message' to be present",
            _ => null,
        };
    }

    private static string? ValidateUpdate(Call call, TaskStatus status)
    {
        var executor = call.ExecutorId.Value;
        var framework = call.FrameworkId.Value;
        if (!status.HasUuid) return "Expecting 'uuid' to be present";
        if (status.Uuid.Length != 16) return "Not a valid UUID";
        if (status.ExecutorId is not null && status.ExecutorId.Value != executor)
        {
            return $"ExecutorID in Call: {executor} does not match ExecutorID in TaskStatus: {status.ExecutorId.Value}";
        }
        if (status.Source != TaskStatus.Types.Source.Executor)
        {
            return $"Received Call from executor {executor} of framework {framework} with invalid source, expecting 'SOURCE_EXECUTOR'";
        }
        if (status.State == TaskState.TaskStaging)
        {
            return $"Received TASK_STAGING from executor {executor} of framework {framework} which is not allowed";
        }
        return null;
    }
}
