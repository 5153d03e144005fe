using System.Globalization;

namespace Mesos.Host.Tests.Fuzz;

/// <summary>
/// The values a hostile client tries: names no file system or actor takes, Unicode that breaks naive
/// code, numbers at and beyond every edge, paths that climb out, and plain ones mixed in so that inputs
/// also get past the first check.
/// </summary>
internal static class HostileValues
{
    private static readonly string[] Strings =
    [
        "", " ", "a b", "a/b", "/", "\\", "a\\b", ".", "..", "../..", "./a", "a/../b", "*", "-x", "a//b", "a/", "/a",
        "\u0000", "a\u0000b", "\u0001", "\u0007", "\n", "\r\n", "\t", "\u007f", "ü", "ünï", "日本語", "😀", "\u202e", "\u200b", "\ufeff", "\uffff",
        "%", "%2F", "%00", "%zz", "${HOME}", "$(id)", "`id`", "<script>", "' OR 1=1 --", "\"", "{}", "[]", "null", "NaN",
        "Infinity", "-1", "1e999", "true", "slave(1)", "master@127.0.0.1:5050", "*/x", "x/*", "a b/c", "a\tb",
        "x", "fuzz", "web", "eng/web", "default", "root", "nobody", "sleep 1", "true",
    ];

    private static readonly string[] Roles =
    [
        "*", "fuzz", "eng", "eng/web", "eng/web/api", "a/b/c/d/e/f/g/h/i/j", "..", ".", "a b", "a/../b", "a//b", "/a", "a/", "-a",
        "a/-b", "*/a", "a/*", "a\u0007b", "ü", "", " ", "\t", new string('r', 1024), new string('r', 1025),
    ];

    private static readonly double[] Doubles =
    [
        0, -0.0, 1, -1, 0.5, 0.001, 1e-320, double.Epsilon, 1e15, 1e20, 9007199254740993, 4294967296, 1e308, -1e308,
        double.MaxValue, double.MinValue, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.1, 2, 32, 64, 128, 1024,
    ];

    private static readonly long[] Integers =
    [
        0, 1, -1, 2, 5050, 5051, 31000, 31100, 32000, 65535, 65536, int.MaxValue, int.MinValue, (long)int.MaxValue + 1,
        uint.MaxValue, (long)uint.MaxValue + 1, long.MaxValue, long.MinValue,
    ];

    /// <summary>JSON number literals beyond what a field's type holds, or no JSON at all.</summary>
    public static readonly string[] NumberLiterals =
    [
        "1e999", "-1e999", "1.0e+400", "-0", "0.0000000000000000000000001", "123456789012345678901234567890", "1e-400",
        "9223372036854775808", "-9223372036854775809", "18446744073709551616", "4294967296", "2.5", "\"NaN\"", "\"Infinity\"",
        "\"-Infinity\"", "\"nan\"", "\"1e999\"", "\"0x10\"", "\"\"", "\" 5\"", "true", "null", "[]", "{}", "\"five\"",
    ];

    public static string String(Random random)
    {
        return random.Next(12) switch
        {
            0 => new string((char)random.Next(0x20, 0x7f), random.Next(200, 400)),
            1 => new string('x', random.Next(1000, 20_000)),
            2 => "id-" + random.Next(1000).ToString(CultureInfo.InvariantCulture),
            _ => Strings[random.Next(Strings.Length)],
        };
    }

    public static string Role(Random random) => Roles[random.Next(Roles.Length)];

    public static double Double(Random random) => random.Next(4) == 0 ? random.NextDouble() * random.Next(1, 100_000) : Doubles[random.Next(Doubles.Length)];

    public static long Integer(Random random) => random.Next(3) == 0 ? random.Next(-10, 100_000) : Integers[random.Next(Integers.Length)];

    public static byte[] Bytes(Random random)
    {
        var bytes = new byte[random.Next(4) == 0 ? random.Next(1000, 50_000) : random.Next(0, 40)];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>A path segment that percent-encoding, dot segments or length can make hostile.</summary>
    public static string PathSegment(Random random) => random.Next(16) switch
    {
        0 => "%",
        1 => "%zz",
        2 => "%00",
        3 => "%ff%fe",
        4 => "%c0%af",
        5 => "%2e%2e",
        6 => "%2F..%2F",
        7 => "..",
        8 => ".",
        9 => new string('a', random.Next(300, 9000)),
        10 => "%25",
        11 => "a%20b",
        12 => "%E2%80%AE",
        13 => "slave(2)",
        14 => "%u0041",
        _ => "x",
    };
}
