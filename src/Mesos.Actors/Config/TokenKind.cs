namespace Mesos.Actors.Configuration;

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
