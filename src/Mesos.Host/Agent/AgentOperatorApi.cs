using Akka.Hosting;
using System.Text.Json;
using Google.Protobuf;
using Mesos.Actors.Agent;
using Mesos.Actors.Metrics;
using Mesos.Actors.Protocol;
using Akka.Actor;
using Mesos.Host.Agent.Files;
using Mesos.Host.Http;
using Mesos.Host.Http.V0;
using Mesos.V1.Agent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using BodyFormat = Mesos.Actors.Protocol.BodyFormat;

namespace Mesos.Host.Agent;

/// <summary>
/// What operators ask of an agent: the v1 operator API (POST /api/v1) and the v0 /state, both also
/// under /slave(1), the agent's libprocess name, which the upstream tools put in front. Both answer
/// from one snapshot of the agent.
/// </summary>
internal static class AgentOperatorApi
{
    /// <summary>The agent's libprocess name: its endpoints answer under /slave(1)/ too.</summary>
    public const string ProcessName = "slave(1)";

    /// <param name="ip">The address the agent advertises, for the pid in /state.</param>
    /// <param name="files">What LIST_FILES and READ_FILE reach, as /files/* does.</param>
    public static void MapAgentOperatorApi(this IEndpointRouteBuilder app, IRequiredActor<AgentActor> agent, AgentFileSystem files, RequestBodies bodies, string ip, IReadOnlyDictionary<string, string> flags)
    {
        app.MapPost("/api/v1", (HttpContext c) => HandleCall(c, agent.ActorRef, files, bodies, flags));
        foreach (var path in new[] { "/state", "/state.json" })
        {
            app.MapGet(path, (HttpContext c) => State(c, agent.ActorRef, ip, flags));
        }
        app.MapGet("/metrics/snapshot", async (HttpContext c) =>
        {
            var state = await agent.ActorRef.Ask<AgentSnapshot>(GetAgentState.Instance, ApiRequest.AskTimeout, c.RequestAborted);
            await HttpAnswers.Json(c, w => MetricsJson.Write(w, AgentMetrics.Snapshot(state, TimeProvider.System.GetUtcNow())));
        });
    }

    private static async Task State(HttpContext context, IActorRef agent, string ip, IReadOnlyDictionary<string, string> flags)
    {
        var state = await agent.Ask<AgentSnapshot>(GetAgentState.Instance, ApiRequest.AskTimeout, context.RequestAborted);
        await HttpAnswers.Json(context, w => AgentStateJson.Write(w, state, ip, flags));
    }

    private static async Task HandleCall(HttpContext context, IActorRef agent, AgentFileSystem files, RequestBodies bodies, IReadOnlyDictionary<string, string> flags)
    {
        var (call, format) = await ApiRequest.Decode<Call>(context, bodies);
        if (call is null) return;
        if (MissingPart(call) is { } missing)
        {
            await HttpAnswers.Text(context, StatusCodes.Status400BadRequest, $"Expecting '{missing}' to be present");
            return;
        }
        if (call.Type is Call.Types.Type.ListFiles or Call.Types.Type.ReadFile)
        {
            var answer = AgentFileCalls.Answer(call, await files.Paths(context.RequestAborted), out var refused);
            if (answer is null) await HttpAnswers.Text(context, refused!.Status, refused.Message);
            else await HttpAnswers.Message(context, answer, format);
            return;
        }
        var response = await Answer(call, agent, flags, context.RequestAborted);
        if (response is null)
        {
            await HttpAnswers.Text(context, StatusCodes.Status400BadRequest, $"Unsupported agent call {ProtoNames.Of(call.Type)}");
            return;
        }
        await HttpAnswers.Message(context, response, format);
    }

    private static string? MissingPart(Call call) => call.Type switch
    {
        Call.Types.Type.GetMetrics when call.GetMetrics is null => "get_metrics",
        Call.Types.Type.ListFiles when call.ListFiles is null => "list_files",
        Call.Types.Type.ReadFile when call.ReadFile is null => "read_file",
        _ => null,
    };

    private static async Task<IMessage?> Answer(Call call, IActorRef agent, IReadOnlyDictionary<string, string> flags, CancellationToken cancel)
    {
        if (WithoutState(call.Type, flags) is { } immediate) return immediate;
        if (call.Type == Call.Types.Type.GetContainers)
        {
            var usage = await agent.Ask<ContainerUsages>(GetContainerUsage.Instance, ApiRequest.AskTimeout, cancel);
            return new Response { Type = Response.Types.Type.GetContainers, GetContainers = AgentOperatorResponses.Containers(usage) };
        }
        Func<AgentSnapshot, Response>? fromState = call.Type switch
        {
            Call.Types.Type.GetState => s => new Response { Type = Response.Types.Type.GetState, GetState = AgentOperatorResponses.State(s) },
            Call.Types.Type.GetTasks => s => new Response { Type = Response.Types.Type.GetTasks, GetTasks = AgentOperatorResponses.Tasks(s) },
            Call.Types.Type.GetExecutors => s => new Response { Type = Response.Types.Type.GetExecutors, GetExecutors = AgentOperatorResponses.Executors(s) },
            Call.Types.Type.GetFrameworks => s => new Response { Type = Response.Types.Type.GetFrameworks, GetFrameworks = AgentOperatorResponses.Frameworks(s) },
            Call.Types.Type.GetAgent => s => new Response { Type = Response.Types.Type.GetAgent, GetAgent = AgentOperatorResponses.Agent(s) },
            Call.Types.Type.GetMetrics => s => new Response
            {
                Type = Response.Types.Type.GetMetrics,
                GetMetrics = new() { Metrics = { Snapshots.ToProtos(AgentMetrics.Snapshot(s, TimeProvider.System.GetUtcNow())) } },
            },
            _ => null,
        };
        return fromState?.Invoke(await agent.Ask<AgentSnapshot>(GetAgentState.Instance, ApiRequest.AskTimeout, cancel));
    }

    private static Response? WithoutState(Call.Types.Type type, IReadOnlyDictionary<string, string> flags) => type switch
    {
        Call.Types.Type.GetHealth => new Response { Type = Response.Types.Type.GetHealth, GetHealth = new() { Healthy = true } },
        Call.Types.Type.GetVersion => new Response
        {
            Type = Response.Types.Type.GetVersion,
            GetVersion = new() { VersionInfo = VersionInfo.ToProto() },
        },
        Call.Types.Type.GetFlags => new Response
        {
            Type = Response.Types.Type.GetFlags,
            GetFlags = new() { Flags = { FlagProtos.Of(flags) } },
        },
        _ => null,
    };
}
