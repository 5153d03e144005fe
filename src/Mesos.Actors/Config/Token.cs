namespace Mesos.Actors.Configuration;

/// <summary>
/// One lexical unit. For substitutions <see cref="Text"/> is the path expression between
/// <c>${</c> and <c>}</c>; for quoted strings it is the decoded content.
/// </summary>
internal sealed record Token(TokenKind Kind, string Text, SourcePosition Position, bool IsOptional = false)
{
    public string Describe() => Kind switch
    {
        TokenKind.End => "end of input",
        TokenKind.Newline => "newline",
        TokenKind.QuotedString => $"\"{Text}\"",
        TokenKind.Substitution => IsOptional ? $"'${{?{Text}}}'" : $"'${{{Text}}}'",
        _ => $"'{Text}'",
    };
}
