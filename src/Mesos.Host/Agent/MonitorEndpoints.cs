using System.Text.Json;
using Akka.Actor;
using Akka.Hosting;
using Mesos.Actors.Agent;
using Mesos.Actors.Protocol.Json;
using Mesos.Host.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Mesos.Host.Agent;

/// <summary>
/// What the agent's running containers use, as Mesos' agent serves it: /monitor/statistics (one entry
/// per executor: executor_id, executor_name, framework_id, source, statistics) and /containers (the
/// same with container_id and status), both also under /slave(1).
/// </summary>
internal static class MonitorEndpoints
{
    public static void MapMonitorEndpoints(this IEndpointRouteBuilder app, IRequiredActor<AgentActor> agent)
    {
        foreach (var path in new[] { "/monitor/statistics", "/monitor/statistics.json" })
        {
            app.MapGet(path, (HttpContext c) => Answer(c, agent.ActorRef, withContainer: false));
        }
        app.MapGet("/containers", (HttpContext c) => Answer(c, agent.ActorRef, withContainer: true));
    }

    private static async Task Answer(HttpContext context, IActorRef agent, bool withContainer)
    {
        var usage = await agent.Ask<ContainerUsages>(GetContainerUsage.Instance, ApiRequest.AskTimeout, context.RequestAborted);
        await HttpAnswers.Json(context, w => Write(w, usage, withContainer));
    }

    private static void Write(Utf8JsonWriter writer, ContainerUsages usage, bool withContainer)
    {
        writer.WriteStartArray();
        foreach (var container in usage.Containers)
        {
            writer.WriteStartObject();
            if (withContainer) writer.WriteString("container_id", container.ContainerId);
            writer.WriteString("executor_id", container.Executor.ExecutorId.Value);
            writer.WriteString("executor_name", container.Executor.Name);
            writer.WriteString("framework_id", container.FrameworkId.Value);
            writer.WriteString("source", container.Executor.Source);
            writer.WritePropertyName("statistics");
            MesosJson.Write(writer, container.Statistics);
            if (withContainer && container.Status is { } status)
            {
                writer.WritePropertyName("status");
                MesosJson.Write(writer, status);
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }
}
