namespace Mesos.Actors.Containerizer.Fetcher;

/// <summary>A URI of a task or executor could not be fetched into its sandbox: the message says which and why.</summary>
public sealed class FetchFailedException(string message, Exception? inner = null) : IOException(message, inner);

/// <summary>An archive holds an entry that would land outside the directory it is extracted into, or that cannot be extracted safely.</summary>
public sealed class HostileArchiveException(string message) : IOException(message);
