using System.Text;
using System.Text.RegularExpressions;
using Google.Protobuf;
using Mesos.Actors.Protocol.Json;

namespace Mesos.Host.Tests.Fuzz;

/// <summary>
/// A message encoded as a client would send it, and then broken as a hostile or buggy client breaks it:
/// truncated, with bytes changed, numbers no type holds, enums as numbers, wrong types, invalid text,
/// nesting deeper than any parser should follow, or no JSON at all.
/// </summary>
internal static partial class BodyMutations
{
    public static (byte[] Body, string? ContentType) Encode(IMessage message, Random random)
    {
        var json = random.Next(10) < 6;
        var contentType = ContentType(random, json);
        if (json)
        {
            var text = MesosJson.Serialize(message);
            return (random.Next(3) == 0 ? MutateJson(text, random) : Encoding.UTF8.GetBytes(text), contentType);
        }
        var bytes = message.ToByteArray();
        return (random.Next(3) == 0 ? MutateProtobuf(bytes, random) : bytes, contentType);
    }

    public static string? ContentType(Random random, bool json) => random.Next(20) switch
    {
        0 => null,
        1 => "text/plain",
        2 => json ? "application/json; charset=utf-16" : "application/x-protobuf; charset=latin1",
        3 => "application/json; charset=\"utf-8\"; boundary=x",
        4 => "application/x-www-form-urlencoded",
        5 => "APPLICATION/JSON",
        6 => json ? "application/x-protobuf" : "application/json",
        _ => json ? "application/json" : "application/x-protobuf",
    };

    /// <summary>An Accept header now and then (most refuse the call at once, so most inputs go without one).</summary>
    public static string? Accept(Random random) => random.Next(40) switch
    {
        0 => "application/x-protobuf",
        1 => "text/html",
        2 => "*/*;q=NaN",
        3 => "application/json;q=1e999, application/x-protobuf;q=-1",
        4 => "application/*",
        5 => ",,,;;;=",
        6 => "application/json;q=0",
        _ => null,
    };

    public static byte[] MutateJson(string json, Random random)
    {
        switch (random.Next(14))
        {
            case 0:
                return Encoding.UTF8.GetBytes(json[..random.Next(json.Length + 1)]);
            case 1:
                return Encoding.UTF8.GetBytes(Replace(json, NumberPattern(), random, () => HostileValues.NumberLiterals[random.Next(HostileValues.NumberLiterals.Length)]));
            case 2:
                // An enum by its number: any upper-case name stands in for one.
                return Encoding.UTF8.GetBytes(Replace(json, EnumPattern(), random, () => random.Next(-2, 20).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            case 3:
                return Encoding.UTF8.GetBytes(Replace(json, StringPattern(), random, () => WrongType(random)));
            case 4:
                return Encoding.UTF8.GetBytes(Replace(json, StringPattern(), random, () => random.Next(3) switch
                {
                    0 => "\"\\ud800\"",
                    1 => "\"a\\udc00b\"",
                    _ => "\"\\u0000\"",
                }));
            case 5:
            {
                // Bytes that are not UTF-8, inside a string.
                var bytes = Encoding.UTF8.GetBytes(json).ToList();
                var quote = bytes.IndexOf((byte)'"');
                bytes.InsertRange(quote < 0 ? 0 : quote + 1, random.Next(2) == 0 ? [0xff, 0xfe] : [0xc0, 0xaf]);
                return [.. bytes];
            }
            case 6:
            {
                var depth = random.Next(2) == 0 ? random.Next(100, 130) : random.Next(1000, 100_000);
                var nested = new string('[', depth) + new string(']', depth);
                return Encoding.UTF8.GetBytes(json.Length > 1 ? $"{{\"deep\":{nested},{json[1..]}" : nested);
            }
            case 7:
            {
                var depth = random.Next(2) == 0 ? random.Next(100, 130) : random.Next(1000, 50_000);
                var nested = string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
                return Encoding.UTF8.GetBytes(nested);
            }
            case 8:
                return random.Next(4) switch
                {
                    0 => [],
                    1 => "null"u8.ToArray(),
                    2 => "[]"u8.ToArray(),
                    _ => "\"x\""u8.ToArray(),
                };
            case 9:
                return [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(json)];
            case 10:
                return Encoding.UTF8.GetBytes(json + (random.Next(2) == 0 ? "}" : " garbage"));
            case 11:
                return Encoding.Unicode.GetBytes(json);
            case 12:
            {
                // Every field twice, the second time with another value.
                var other = Replace(json, StringPattern(), random, () => "\"" + HostileValues.String(random).Replace("\\", "", StringComparison.Ordinal).Replace("\"", "", StringComparison.Ordinal) + "\"");
                return json.Length > 2 && other.Length > 2 ? Encoding.UTF8.GetBytes(json[..^1] + "," + other[1..]) : Encoding.UTF8.GetBytes(json);
            }
            default:
            {
                var bytes = Encoding.UTF8.GetBytes(json);
                if (bytes.Length > 0) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                return bytes;
            }
        }
    }

    public static byte[] MutateProtobuf(byte[] bytes, Random random)
    {
        switch (random.Next(6))
        {
            case 0:
                return bytes[..random.Next(bytes.Length + 1)];
            case 1:
            {
                var copy = (byte[])bytes.Clone();
                for (var i = random.Next(1, 4); i > 0 && copy.Length > 0; i--) copy[random.Next(copy.Length)] = (byte)random.Next(256);
                return copy;
            }
            case 2:
                // A length-delimited field that claims far more bytes than follow.
                return [.. bytes, 0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01];
            case 3:
            {
                // Groups of an unknown field nested deeper than any parser should follow.
                var depth = random.Next(50, 20_000);
                byte[] start = [0xA3, 0x06], end = [0xA4, 0x06];
                return [.. Enumerable.Repeat(start, depth).SelectMany(b => b), .. Enumerable.Repeat(end, depth).SelectMany(b => b)];
            }
            case 4:
            {
                var junk = new byte[random.Next(1, 64)];
                random.NextBytes(junk);
                return junk;
            }
            default:
                return [.. bytes, .. bytes];
        }
    }

    private static string WrongType(Random random) => random.Next(6) switch
    {
        0 => "123",
        1 => "{}",
        2 => "[]",
        3 => "true",
        4 => "[{\"value\":\"x\"}]",
        _ => "null",
    };

    private static string Replace(string json, Regex pattern, Random random, Func<string> replacement)
    {
        var matches = pattern.Matches(json);
        if (matches.Count == 0) return json;
        var match = matches[random.Next(matches.Count)];
        return json[..match.Index] + replacement() + json[(match.Index + match.Length)..];
    }

    [GeneratedRegex("-?[0-9][0-9.eE+-]*")]
    private static partial Regex NumberPattern();

    [GeneratedRegex("\"[A-Z][A-Z0-9_]+\"")]
    private static partial Regex EnumPattern();

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex StringPattern();
}
