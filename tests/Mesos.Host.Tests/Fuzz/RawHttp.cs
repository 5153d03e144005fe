using System.Text;

namespace Mesos.Host.Tests.Fuzz;

/// <summary>
/// Requests no HTTP client would send, written byte by byte: chunk sizes that overflow (Mesos' CVE-2018-1330),
/// lengths that lie or disagree, header lines without end, request lines and paths that are not HTTP
/// (CVE-2017-7687, CVE-2017-9790), bodies cut short. The server may answer or close; it must not fail.
/// </summary>
internal static class RawHttp
{
    private const string Call = """{"type":"GET_HEALTH"}""";

    public static FuzzInput Make(int index, Random random)
    {
        var target = random.Next(3) == 0 ? Target.Agent : Target.Master;
        const string path = "/api/v1";
        var (kind, text) = random.Next(16) switch
        {
            0 => ("chunk size beyond 64 bits", Chunked(path, "FFFFFFFFFFFFFFFFFFFF\r\n" + Call + "\r\n0\r\n\r\n")),
            1 => ("chunk size that overflows a long", Chunked(path, "7FFFFFFFFFFFFFFF\r\n" + Call + "\r\n0\r\n\r\n")),
            2 => ("chunk extension without end", Chunked(path, "15;" + new string('e', random.Next(100, 20_000)) + "\r\n" + Call + "\r\n0\r\n\r\n")),
            3 => ("chunk size that is no number", Chunked(path, "zz\r\n" + Call + "\r\n0\r\n\r\n")),
            4 => ("negative Content-Length", Request("POST", path, "Content-Type: application/json\r\nContent-Length: -1\r\n", Call)),
            5 => ("two Content-Lengths", Request("POST", path, $"Content-Type: application/json\r\nContent-Length: {Call.Length}\r\nContent-Length: 3\r\n", Call)),
            6 => ("Content-Length and chunked", Request("POST", path, "Content-Type: application/json\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n", "15\r\n" + Call + "\r\n0\r\n\r\n")),
            7 => ("body shorter than its Content-Length", Request("POST", path, "Content-Type: application/json\r\nContent-Length: 100000\r\n", Call)),
            8 => ("Content-Length beyond any limit", Request("POST", path, "Content-Type: application/json\r\nContent-Length: 99999999999999999999\r\n", Call)),
            9 => ("header line without a colon", Request("GET", "/health", "NoColonHere\r\n", "")),
            10 => ("header of 100 KB", Request("GET", "/health", "X-Big: " + new string('h', 100_000) + "\r\n", "")),
            11 => ("request line that is no HTTP", random.Next(4) switch
            {
                0 => "GET\r\n\r\n",
                1 => "GET /a b c HTTP/1.1\r\nHost: x\r\n\r\n",
                2 => "GET / HTTP/9.9\r\nHost: x\r\n\r\n",
                _ => "\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003",
            }),
            12 => ("path with raw bytes", "GET /master/st\u00ffate\u0000 HTTP/1.1\r\nHost: x\r\n\r\n"),
            13 => ("path with bad percent-encoding", $"GET /{HostileValues.PathSegment(random)}/{HostileValues.PathSegment(random)} HTTP/1.1\r\nHost: x\r\n\r\n"),
            14 => ("absolute URI of another host", "GET http://elsewhere.invalid/health HTTP/1.1\r\nHost: x\r\n\r\n"),
            _ => ("two requests pipelined", Request("GET", "/health", "", "") + Request("POST", path, $"Content-Type: application/json\r\nContent-Length: {Call.Length}\r\n", Call)),
        };
        return new FuzzInput(index, "raw " + kind, target, "", "", [], null, []) { Raw = Encoding.Latin1.GetBytes(text) };
    }

    private static string Request(string method, string path, string headers, string body) =>
        $"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}\r\n{body}";

    private static string Chunked(string path, string chunks) =>
        Request("POST", path, "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n", chunks);
}
