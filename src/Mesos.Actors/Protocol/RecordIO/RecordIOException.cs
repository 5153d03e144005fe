namespace Mesos.Actors.Protocol.RecordIO;

/// <summary>A RecordIO stream that breaks the framing: a bad length, an oversized record, or a record cut short.</summary>
public sealed class RecordIOException(string message) : Exception(message);
