namespace Mesos.Actors.Config;

internal enum TokenKind
{
    OpenBrace,
    CloseBrace,
    OpenBracket,
    CloseBracket,
    Comma,
    Equals,
    Colon,
    PlusEquals,
    Newline,
    Whitespace,
    QuotedString,
    Unquoted,
    Substitution,
    End,
}
