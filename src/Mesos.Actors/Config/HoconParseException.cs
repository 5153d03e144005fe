namespace Mesos.Actors.Configuration;

/// <summary>A syntax error in HOCON text, located by file, line and column.</summary>
public sealed class HoconParseException : ConfigException
{
    public HoconParseException(string? file, int line, int column, string reason)
        : base($"{file ?? SourcePosition.StringOrigin}:{line}:{column}: {reason}")
    {
        File = file;
        Line = line;
        Column = column;
        Reason = reason;
    }

    internal HoconParseException(SourcePosition position, string reason)
        : this(position.File, position.Line, position.Column, reason)
    {
    }

    public string? File { get; }

    public int Line { get; }

    public int Column { get; }

    /// <summary>The problem without its location, for callers that report the location differently.</summary>
    internal string Reason { get; }
}
