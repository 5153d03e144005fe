namespace Mesos.Host.Http;

/// <summary>What a request needs is not available here now (the master no longer leads): 503, try again.</summary>
internal sealed class UnavailableException(string message) : Exception(message);
