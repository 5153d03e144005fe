using System.Globalization;
using System.Text;

namespace Mesos.Actors.Configuration;

/// <summary>Splits HOCON text into tokens, keeping inline whitespace because value concatenation preserves it.</summary>
internal sealed class Tokenizer
{
    private const string ForbiddenInUnquoted = "$\"{}[]:=,+#`^?!@*&\\";

    private readonly string _text;
    private readonly string _file;
    private int _index;
    private int _line = 1;
    private int _column = 1;

    private Tokenizer(string text, string file)
    {
        _text = text;
        _file = file;
    }

    private SourcePosition Position => new(_file, _line, _column);

    public static List<Token> Tokenize(string text, string file) => new Tokenizer(text, file).Run();

    private static bool IsInlineWhitespace(char c) => c != '\n' && (char.IsWhiteSpace(c) || c == '\uFEFF');

    private List<Token> Run()
    {
        var tokens = new List<Token>();
        while (_index < _text.Length)
        {
            var start = Position;
            var c = _text[_index];
            if (c == '\n')
            {
                Advance();
                tokens.Add(new Token(TokenKind.Newline, "\n", start));
            }
            else if (IsInlineWhitespace(c))
            {
                tokens.Add(new Token(TokenKind.Whitespace, ReadWhile(IsInlineWhitespace), start));
            }
            else if (c == '#' || At("//"))
            {
                ReadWhile(ch => ch != '\n');
            }
            else if (At("\"\"\""))
            {
                tokens.Add(ReadTripleQuoted(start));
            }
            else if (c == '"')
            {
                tokens.Add(ReadQuoted(start));
            }
            else if (c == '$')
            {
                tokens.Add(ReadSubstitution(start));
            }
            else if (At("+="))
            {
                Advance();
                Advance();
                tokens.Add(new Token(TokenKind.PlusEquals, "+=", start));
            }
            else if (Punctuation(c) is { } kind)
            {
                Advance();
                tokens.Add(new Token(kind, c.ToString(), start));
            }
            else if (ForbiddenInUnquoted.Contains(c, StringComparison.Ordinal))
            {
                throw new HoconParseException(start, $"unexpected character '{c}' (quote the string to use it)");
            }
            else
            {
                tokens.Add(new Token(TokenKind.Unquoted, ReadUnquoted(), start));
            }
        }

        tokens.Add(new Token(TokenKind.End, string.Empty, Position));
        return tokens;
    }

    private static TokenKind? Punctuation(char c) => c switch
    {
        '{' => TokenKind.OpenBrace,
        '}' => TokenKind.CloseBrace,
        '[' => TokenKind.OpenBracket,
        ']' => TokenKind.CloseBracket,
        ',' => TokenKind.Comma,
        '=' => TokenKind.Equals,
        ':' => TokenKind.Colon,
        _ => null,
    };

    private bool At(string text) => string.CompareOrdinal(_text, _index, text, 0, text.Length) == 0;

    private void Advance()
    {
        if (_text[_index] == '\n')
        {
            _line++;
            _column = 1;
        }
        else
        {
            _column++;
        }

        _index++;
    }

    private string ReadWhile(Func<char, bool> predicate)
    {
        var start = _index;
        while (_index < _text.Length && predicate(_text[_index]))
        {
            Advance();
        }

        return _text[start.._index];
    }

    private string ReadUnquoted()
    {
        var start = _index;
        while (_index < _text.Length)
        {
            var c = _text[_index];
            if (char.IsWhiteSpace(c) || ForbiddenInUnquoted.Contains(c, StringComparison.Ordinal) || At("//"))
            {
                break;
            }

            Advance();
        }

        return _text[start.._index];
    }

    private Token ReadQuoted(SourcePosition start)
    {
        Advance();
        var value = new StringBuilder();
        while (true)
        {
            if (_index >= _text.Length || _text[_index] == '\n')
            {
                throw new HoconParseException(start, "unterminated quoted string");
            }

            var c = _text[_index];
            if (c == '"')
            {
                Advance();
                return new Token(TokenKind.QuotedString, value.ToString(), start);
            }

            if (c == '\\')
            {
                value.Append(ReadEscape());
            }
            else
            {
                value.Append(c);
                Advance();
            }
        }
    }

    private string ReadEscape()
    {
        var escapeStart = Position;
        Advance();
        if (_index >= _text.Length)
        {
            throw new HoconParseException(escapeStart, "unterminated escape sequence");
        }

        var c = _text[_index];
        Advance();
        switch (c)
        {
            case '"': return "\"";
            case '\\': return "\\";
            case '/': return "/";
            case 'b': return "\b";
            case 'f': return "\f";
            case 'n': return "\n";
            case 'r': return "\r";
            case 't': return "\t";
            case 'u':
                if (_index + 4 <= _text.Length
                    && int.TryParse(_text.AsSpan(_index, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                {
                    for (var i = 0; i < 4; i++)
                    {
                        Advance();
                    }

                    return ((char)code).ToString();
                }

                throw new HoconParseException(escapeStart, "invalid \\u escape: expected four hex digits");
            default:
                throw new HoconParseException(escapeStart, $"invalid escape sequence '\\{c}'");
        }
    }

    private Token ReadTripleQuoted(SourcePosition start)
    {
        for (var i = 0; i < 3; i++)
        {
            Advance();
        }

        var contentStart = _index;
        while (_index < _text.Length)
        {
            if (At("\"\"\""))
            {
                // Quotes directly before the closing triple belong to the content, as the spec requires.
                while (_index + 3 < _text.Length && _text[_index + 3] == '"')
                {
                    Advance();
                }

                var content = _text[contentStart.._index];
                for (var i = 0; i < 3; i++)
                {
                    Advance();
                }

                return new Token(TokenKind.QuotedString, content, start);
            }

            Advance();
        }

        throw new HoconParseException(start, "unterminated triple-quoted string");
    }

    private Token ReadSubstitution(SourcePosition start)
    {
        Advance();
        if (_index >= _text.Length || _text[_index] != '{')
        {
            throw new HoconParseException(start, "invalid substitution: '$' must be followed by '{'");
        }

        Advance();
        var optional = _index < _text.Length && _text[_index] == '?';
        if (optional)
        {
            Advance();
        }

        var expressionStart = _index;
        var inQuotes = false;
        while (_index < _text.Length && _text[_index] != '\n')
        {
            var c = _text[_index];
            if (c == '}' && !inQuotes)
            {
                var expression = _text[expressionStart.._index].Trim();
                Advance();
                if (expression.Length == 0)
                {
                    throw new HoconParseException(start, "invalid substitution: empty path in '${}'");
                }

                return new Token(TokenKind.Substitution, expression, start, optional);
            }

            if (c == '"')
            {
                inQuotes = !inQuotes;
            }
            else if (c == '\\' && inQuotes)
            {
                Advance();
                if (_index >= _text.Length)
                {
                    break;
                }
            }

            Advance();
        }

        throw new HoconParseException(start, "invalid substitution: missing closing '}'");
    }
}
