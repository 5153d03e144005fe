namespace Mesos.Actors.Configuration;

/// <param name="Origin">The name used in error messages.</param>
/// <param name="Key">Identity used to detect include cycles.</param>
/// <param name="Text">The included document.</param>
/// <param name="BaseDirectory">Where includes inside this document are looked up.</param>
internal sealed record IncludedText(string Origin, string Key, string Text, string BaseDirectory);
