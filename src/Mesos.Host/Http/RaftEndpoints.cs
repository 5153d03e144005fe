using Mesos.Actors.Cluster;
using Mesos.Actors.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Mesos.Host.Http;

/// <summary>The endpoint through which the masters' Raft servers talk: decode, validate, hand to the RaftNode.</summary>
public static class RaftEndpoints
{
    /// <summary>Larger than any batch a peer sends (snapshots included), small enough to refuse abuse.</summary>
    private const long MaxBodyBytes = 256L * 1024 * 1024;

    /// <summary>Maps <c>POST /raft/messages</c>: a protobuf batch of Raft messages, answered 204 once handed over.</summary>
    public static IEndpointRouteBuilder MapRaft(this IEndpointRouteBuilder endpoints, IActorRef raftNode, string self)
    {
        endpoints.MapPost(HttpRaftTransport.MessagesPath, async (HttpRequest request) =>
        {
            if (request.ContentType?.StartsWith(RaftWireCodec.ContentType, StringComparison.OrdinalIgnoreCase) != true)
            {
                return Results.Problem($"Expected Content-Type {RaftWireCodec.ContentType}.", statusCode: StatusCodes.Status415UnsupportedMediaType);
            }
            if (request.ContentLength > MaxBodyBytes)
            {
                return Results.Problem($"The body exceeds {MaxBodyBytes} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge);
            }
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body, request.HttpContext.RequestAborted).ConfigureAwait(false);
            IReadOnlyList<RaftMessage> messages;
            try
            {
                messages = RaftWireCodec.Decode(body.GetBuffer().AsSpan(0, (int)body.Length));
            }
            catch (FormatException e)
            {
                return Results.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest);
            }
            if (messages.Any(m => m.To != self))
            {
                return Results.Problem($"This server is {self}; a message was addressed to another.", statusCode: StatusCodes.Status421MisdirectedRequest);
            }
            foreach (var message in messages) raftNode.Tell(message);
            return Results.NoContent();
        });
        return endpoints;
    }
}
