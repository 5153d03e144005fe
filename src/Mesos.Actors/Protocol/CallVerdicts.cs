namespace Mesos.Actors.Protocol;

// How the master and the agent answer a v1 call handed to them (any but a SUBSCRIBE that opens a stream);
// the endpoint turns the answer into the HTTP status Mesos gives.

/// <summary>The call was taken (HTTP 202).</summary>
public sealed record CallAccepted
{
    public static CallAccepted Instance { get; } = new();
}

/// <summary>The call was refused, and why.</summary>
public sealed record CallRefused(CallRefusal Reason, string Message);

public enum CallRefusal
{
    /// <summary>Malformed or invalid, or for something unknown (HTTP 400).</summary>
    Invalid,
    /// <summary>No subscription, or a stream id that is not the caller's current one (HTTP 403).</summary>
    NotSubscribed,
    /// <summary>The call could not be carried out now (the registry could not be written): nothing changed, try again (HTTP 503).</summary>
    Unavailable,
}
