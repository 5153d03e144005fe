namespace Mesos.Actors.Configuration;

/// <summary>Where a token or value came from, so errors can point at the offending text.</summary>
internal readonly record struct SourcePosition(string File, int Line, int Column)
{
    public const string StringOrigin = "<string>";

    public override string ToString() => $"{File}:{Line}:{Column}";
}
