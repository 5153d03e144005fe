namespace Mesos.Actors.Configuration;

/// <summary>
/// Recursive-descent parser producing an unresolved document tree. Objects are parsed directly into
/// the tree so duplicate keys and includes merge in place, and a self-referential substitution can
/// capture the value its field had at that point in the text.
/// </summary>
internal sealed class HoconParser
{
    private readonly List<Token> _tokens;
    private readonly string _baseDirectory;
    private readonly IncludeLoader _includes;
    private readonly HoconObject _root;
    private readonly IReadOnlyList<string> _substitutionPrefix;
    private int _position;

    private HoconParser(
        List<Token> tokens,
        string baseDirectory,
        IncludeLoader includes,
        HoconObject root,
        IReadOnlyList<string> substitutionPrefix)
    {
        _tokens = tokens;
        _baseDirectory = baseDirectory;
        _includes = includes;
        _root = root;
        _substitutionPrefix = substitutionPrefix;
    }

    private Token Peek => _tokens[_position];

    /// <param name="baseDirectory">Where includes are looked up; empty to pass names to the loader unchanged.</param>
    public static HoconObject Parse(string text, string origin, string baseDirectory, IncludeLoader includes)
    {
        var root = new HoconObject(new SourcePosition(origin, 1, 1));
        new HoconParser(Tokenizer.Tokenize(text, origin), baseDirectory, includes, root, [])
            .ParseDocumentInto(root, []);
        return root;
    }

    private static HoconParseException Error(Token token, string reason) => new(token.Position, reason);

    private static HoconValue Combine(List<HoconValue> pieces)
    {
        if (pieces.Count == 1)
        {
            return pieces[0];
        }

        return pieces.All(piece => piece is HoconScalar)
            ? HoconScalar.String(string.Concat(pieces.Cast<HoconScalar>().Select(s => s.Text)), pieces[0].Position)
            : new HoconConcatenation(pieces);
    }

    private Token PeekAt(int offset) => _tokens[Math.Min(_position + offset, _tokens.Count - 1)];

    private Token Next()
    {
        var token = Peek;
        if (token.Kind != TokenKind.End)
        {
            _position++;
        }

        return token;
    }

    private void SkipWhitespace()
    {
        while (Peek.Kind == TokenKind.Whitespace)
        {
            Next();
        }
    }

    private void SkipWhitespaceAndNewlines()
    {
        while (Peek.Kind is TokenKind.Whitespace or TokenKind.Newline)
        {
            Next();
        }
    }

    /// <param name="path">Absolute path of <paramref name="target"/>; null inside objects nested in arrays or concatenations.</param>
    private void ParseDocumentInto(HoconObject target, IReadOnlyList<string>? path)
    {
        SkipWhitespaceAndNewlines();
        if (Peek.Kind == TokenKind.OpenBracket)
        {
            throw Error(Peek, "the document root must be an object, not an array");
        }

        if (Peek.Kind != TokenKind.OpenBrace)
        {
            ParseFields(target, path, null);
            return;
        }

        ParseBracedObjectInto(target, path);
        SkipWhitespaceAndNewlines();
        if (Peek.Kind != TokenKind.End)
        {
            throw Error(Peek, $"unexpected {Peek.Describe()} after the root object");
        }
    }

    private void ParseBracedObjectInto(HoconObject target, IReadOnlyList<string>? path)
    {
        var open = Next();
        ParseFields(target, path, open);
        Next();
    }

    /// <param name="openBrace">The brace being closed, or null for a root without braces.</param>
    private void ParseFields(HoconObject target, IReadOnlyList<string>? path, Token? openBrace)
    {
        while (true)
        {
            SkipWhitespaceAndNewlines();
            var token = Peek;
            if (openBrace is null ? token.Kind == TokenKind.End : token.Kind == TokenKind.CloseBrace)
            {
                return;
            }

            if (token.Kind == TokenKind.End)
            {
                throw Error(token, $"unbalanced braces: '{{' at line {openBrace!.Position.Line}, column {openBrace.Position.Column} is never closed");
            }

            if (token.Kind == TokenKind.CloseBrace)
            {
                throw Error(token, "unbalanced braces: unexpected '}'");
            }

            ParseField(target, path);
            SkipWhitespace();
            token = Peek;
            if (token.Kind == TokenKind.Comma)
            {
                Next();
            }
            else if (token.Kind is not (TokenKind.Newline or TokenKind.End or TokenKind.CloseBrace))
            {
                throw Error(token, $"expected ',' or a newline after a field, found {token.Describe()}");
            }
        }
    }

    private void ParseField(HoconObject target, IReadOnlyList<string>? path)
    {
        if (AtInclude())
        {
            ParseInclude(target, path);
            return;
        }

        var keyStart = Peek;
        var keyTokens = new List<Token>();
        while (Peek.Kind is TokenKind.Unquoted or TokenKind.QuotedString
               || (Peek.Kind == TokenKind.Whitespace && PeekAt(1).Kind is TokenKind.Unquoted or TokenKind.QuotedString))
        {
            keyTokens.Add(Next());
        }

        if (keyTokens.Count == 0)
        {
            throw Error(keyStart, $"expected a key, found {keyStart.Describe()}");
        }

        var key = ConfigPath.FromTokens(keyTokens, out var keyError)
                  ?? throw Error(keyStart, $"invalid key: {keyError}");
        SkipWhitespace();
        var separator = Peek;
        if (separator.Kind is TokenKind.Newline or TokenKind.End or TokenKind.CloseBrace or TokenKind.Comma)
        {
            throw Error(keyStart, $"key '{ConfigPath.Render(key)}' has no value");
        }

        if (separator.Kind is not (TokenKind.OpenBrace or TokenKind.Equals or TokenKind.Colon or TokenKind.PlusEquals))
        {
            throw Error(separator, $"expected ':', '=' or '{{' after key '{ConfigPath.Render(key)}', found {separator.Describe()}");
        }

        // "a.b.c = 1" is shorthand for "a { b { c = 1 } }", so the intermediate objects merge like braces would.
        var parent = target;
        foreach (var segment in key.Take(key.Count - 1))
        {
            parent = WritableObject(parent, segment, keyStart.Position);
        }

        IReadOnlyList<string>? fieldPath = path is null ? null : [.. path, .. key];
        if (separator.Kind != TokenKind.OpenBrace)
        {
            Next();
            SkipWhitespaceAndNewlines();
        }

        if (separator.Kind == TokenKind.PlusEquals)
        {
            Append(parent, key[^1], fieldPath, separator);
        }
        else
        {
            ParseFieldValue(parent, key[^1], fieldPath);
        }
    }

    private void ParseFieldValue(HoconObject parent, string key, IReadOnlyList<string>? fieldPath)
    {
        HoconObject? inPlace = null;
        var pieces = ParseValuePieces(() => inPlace = WritableObject(parent, key, Peek.Position), fieldPath);
        if (inPlace is not null && pieces.Count == 1 && ReferenceEquals(pieces[0], inPlace))
        {
            return;
        }

        Assign(parent, key, Combine(pieces), fieldPath);
    }

    /// <summary><c>a += x</c> means <c>a = ${?a} [x]</c>, with <c>${?a}</c> bound to the value before this line.</summary>
    private void Append(HoconObject parent, string key, IReadOnlyList<string>? fieldPath, Token separator)
    {
        var element = Combine(ParseValuePieces(null, null));
        IReadOnlyList<string> selfPath = fieldPath ?? [key];
        var previous = new HoconSubstitution(selfPath, selfPath, isOptional: true, environmentName: null, separator.Position);
        previous.BindToPrior(parent.Get(key)?.Snapshot());
        Assign(parent, key, new HoconConcatenation([previous, new HoconArray(element.Position, [element])]), fieldPath);
    }

    private void Assign(HoconObject parent, string key, HoconValue value, IReadOnlyList<string>? fieldPath)
    {
        if (fieldPath is not null)
        {
            BindSelfReferences(value, fieldPath);
        }

        // An unresolved value may still turn out to be an object that merges with, or an undefined
        // optional substitution that keeps, the earlier value; so the earlier value is kept beneath it.
        var existing = parent.Get(key);
        parent.Set(key, existing is not null && !value.IsResolved ? new HoconMerge(value, existing) : value);
    }

    private void BindSelfReferences(HoconValue value, IReadOnlyList<string> fieldPath)
    {
        switch (value)
        {
            case HoconSubstitution { IsSelfReference: false } substitution when ConfigPath.StartsWith(substitution.Path, fieldPath):
                var earlier = _root.Get(substitution.Path[0]);
                substitution.BindToPrior(earlier is null
                    ? null
                    : new HoconPathReference(earlier.Snapshot(), substitution.Path.Skip(1).ToArray()));
                break;
            case HoconConcatenation concatenation:
                foreach (var piece in concatenation.Pieces)
                {
                    BindSelfReferences(piece, fieldPath);
                }

                break;
            case HoconArray array:
                foreach (var element in array.Elements)
                {
                    BindSelfReferences(element, fieldPath);
                }

                break;
        }
    }

    /// <summary>The object that fields of <paramref name="key"/> are written into, created or merged as duplicate keys require.</summary>
    private static HoconObject WritableObject(HoconObject parent, string key, SourcePosition position)
    {
        switch (parent.Get(key))
        {
            case HoconObject existing:
                return existing;
            case HoconMerge { Top: HoconObject top }:
                return top;
            case { IsResolved: false } pending:
                var overPending = new HoconObject(position);
                parent.Set(key, new HoconMerge(overPending, pending));
                return overPending;
            default:
                var replacement = new HoconObject(position);
                parent.Set(key, replacement);
                return replacement;
        }
    }

    /// <param name="inPlaceTarget">
    /// Supplies the field's existing object so a leading <c>{...}</c> merges into it; null where
    /// objects stand alone, as in arrays.
    /// </param>
    private List<HoconValue> ParseValuePieces(Func<HoconObject>? inPlaceTarget, IReadOnlyList<string>? path)
    {
        var pieces = new List<HoconValue>();
        HoconObject? inPlace = null;
        while (true)
        {
            var token = Peek;
            switch (token.Kind)
            {
                case TokenKind.Whitespace:
                    Next();
                    if (pieces.Count > 0)
                    {
                        pieces.Add(HoconScalar.Separator(token.Text, token.Position));
                    }

                    break;
                case TokenKind.QuotedString:
                    Next();
                    pieces.Add(HoconScalar.String(token.Text, token.Position));
                    break;
                case TokenKind.Unquoted:
                    Next();
                    pieces.Add(HoconScalar.FromUnquoted(token.Text, token.Position));
                    break;
                case TokenKind.Substitution:
                    Next();
                    pieces.Add(CreateSubstitution(token));
                    break;
                case TokenKind.OpenBracket:
                    pieces.Add(ParseArray());
                    break;
                case TokenKind.OpenBrace when inPlaceTarget is not null
                                              && pieces.All(p => ReferenceEquals(p, inPlace) || p is HoconScalar { IsSeparator: true }):
                    // Object concatenation is a merge, so consecutive leading objects merge into the field's object.
                    inPlace ??= inPlaceTarget();
                    ParseBracedObjectInto(inPlace, path);
                    pieces.Clear();
                    pieces.Add(inPlace);
                    break;
                case TokenKind.OpenBrace:
                    var standalone = new HoconObject(token.Position);
                    ParseBracedObjectInto(standalone, null);
                    pieces.Add(standalone);
                    break;
                default:
                    while (pieces.Count > 0 && pieces[^1] is HoconScalar { IsSeparator: true })
                    {
                        pieces.RemoveAt(pieces.Count - 1);
                    }

                    if (pieces.Count == 0)
                    {
                        throw Error(token, $"expected a value, found {token.Describe()}");
                    }

                    return pieces;
            }
        }
    }

    private HoconArray ParseArray()
    {
        var open = Next();
        var array = new HoconArray(open.Position);
        while (true)
        {
            SkipWhitespaceAndNewlines();
            var token = Peek;
            if (token.Kind == TokenKind.CloseBracket)
            {
                Next();
                return array;
            }

            if (token.Kind == TokenKind.End)
            {
                throw Error(token, $"unbalanced brackets: '[' at line {open.Position.Line}, column {open.Position.Column} is never closed");
            }

            array.Add(Combine(ParseValuePieces(null, null)));
            SkipWhitespace();
            token = Peek;
            if (token.Kind == TokenKind.Comma)
            {
                Next();
            }
            else if (token.Kind is not (TokenKind.Newline or TokenKind.CloseBracket or TokenKind.End))
            {
                throw Error(token, $"expected ',' or ']' in array, found {token.Describe()}");
            }
        }
    }

    private HoconSubstitution CreateSubstitution(Token token)
    {
        IReadOnlyList<string>? written;
        string error;
        try
        {
            written = ConfigPath.FromTokens(Tokenizer.Tokenize(token.Text, token.Position.File).SkipLast(1).ToList(), out error);
        }
        catch (HoconParseException e)
        {
            throw Error(token, $"invalid substitution {token.Describe()}: {e.Reason}");
        }

        if (written is null)
        {
            throw Error(token, $"invalid substitution {token.Describe()}: {error}");
        }

        return new HoconSubstitution(
            [.. _substitutionPrefix, .. written],
            written,
            token.IsOptional,
            string.Join('.', written),
            token.Position);
    }

    private bool AtInclude() =>
        Peek is { Kind: TokenKind.Unquoted, Text: "include" }
        && PeekAt(1).Kind == TokenKind.Whitespace
        && (PeekAt(2).Kind == TokenKind.QuotedString || PeekAt(2) is { Kind: TokenKind.Unquoted, Text: var text } && text.EndsWith('('));

    private void ParseInclude(HoconObject target, IReadOnlyList<string>? path)
    {
        var keyword = Next();
        SkipWhitespace();
        var required = false;
        var openParentheses = 0;
        if (Peek.Kind == TokenKind.Unquoted)
        {
            var wrapper = Next();
            var names = wrapper.Text.Split('(');
            openParentheses = names.Length - 1;
            required = names[0] == "required";
            var rest = names.Skip(required ? 1 : 0).SkipLast(1).ToList();
            if (rest.Count > 1 || (rest.Count == 1 && rest[0] != "file") || (!required && rest.Count == 0))
            {
                var unsupported = rest.FirstOrDefault(name => name != "file") ?? names[0];
                throw Error(wrapper, $"unsupported include form '{unsupported}(': only file(...) and required(...) are supported");
            }

            SkipWhitespace();
        }

        var name = Peek;
        if (name.Kind != TokenKind.QuotedString)
        {
            throw Error(name, $"expected a quoted file name after include, found {name.Describe()}");
        }

        Next();
        while (openParentheses > 0)
        {
            SkipWhitespace();
            var close = Peek;
            if (close.Kind != TokenKind.Unquoted || close.Text.Length > openParentheses || close.Text.Any(c => c != ')'))
            {
                throw Error(close, $"expected ')' to close include, found {close.Describe()}");
            }

            Next();
            openParentheses -= close.Text.Length;
        }

        Include(name.Text, required, keyword, target, path);
    }

    private void Include(string name, bool required, Token keyword, HoconObject target, IReadOnlyList<string>? path)
    {
        var included = _includes.Load(name, _baseDirectory);
        if (included is null)
        {
            if (required)
            {
                throw Error(keyword, $"required include '{name}' not found");
            }

            return;
        }

        if (!_includes.Open(included.Key))
        {
            throw Error(keyword, $"include cycle: '{included.Origin}' includes itself");
        }

        try
        {
            // Substitutions in the included file are relative to where it is included, as the spec requires.
            new HoconParser(Tokenizer.Tokenize(included.Text, included.Origin), included.BaseDirectory, _includes, _root, path ?? [])
                .ParseDocumentInto(target, path);
        }
        finally
        {
            _includes.Close(included.Key);
        }
    }
}
