using System.Net;

namespace Mesos.Actors.Framework;

/// <summary>The master refused a scheduler call (a 4xx or 5xx answer); the message is the master's.</summary>
public sealed class SchedulerCallException(string callType, HttpStatusCode statusCode, string message)
    : Exception($"{callType} call refused by the master ({(int)statusCode} {statusCode}): {message}")
{
    /// <summary>The call that was refused: SUBSCRIBE, ACCEPT, ...</summary>
    public string CallType { get; } = callType;

    public HttpStatusCode StatusCode { get; } = statusCode;

    /// <summary>The master's explanation (the body of its answer).</summary>
    public string MasterMessage { get; } = message;
}
