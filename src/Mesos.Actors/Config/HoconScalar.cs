using System.Text.RegularExpressions;

namespace Mesos.Actors.Configuration;

/// <summary>A string, number, boolean or null. Numbers keep their source text so rendering does not reformat them.</summary>
internal sealed partial class HoconScalar : HoconValue
{
    private HoconScalar(HoconScalarKind kind, string text, bool isSeparator, SourcePosition position)
        : base(position)
    {
        Kind = kind;
        Text = text;
        IsSeparator = isSeparator;
    }

    public HoconScalarKind Kind { get; }

    public string Text { get; }

    /// <summary>Whitespace between concatenated values: kept between strings, dropped between objects or arrays.</summary>
    public bool IsSeparator { get; }

    public static HoconScalar String(string text, SourcePosition position) =>
        new(HoconScalarKind.String, text, false, position);

    public static HoconScalar Separator(string text, SourcePosition position) =>
        new(HoconScalarKind.String, text, true, position);

    public static HoconScalar FromUnquoted(string text, SourcePosition position) => text switch
    {
        "true" or "false" => new(HoconScalarKind.Boolean, text, false, position),
        "null" => new(HoconScalarKind.Null, text, false, position),
        _ when NumberPattern().IsMatch(text) => new(HoconScalarKind.Number, text, false, position),
        _ => String(text, position),
    };

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE]-?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();
}
