using Mesos.Actors.Protocol;

namespace Mesos.Host.Http;

/// <summary>
/// Bodies are read as UTF-8, as Mesos reads them. A Content-Type that declares another charset
/// (<c>charset=utf-16</c>) would be misread, so it is refused (415) wherever a body is read.
/// </summary>
internal static class RequestCharset
{
    /// <exception cref="UnsupportedMediaTypeException">The Content-Type names a charset other than UTF-8.</exception>
    public static void EnsureUtf8(string? contentType)
    {
        if (contentType is null) return;
        foreach (var parameter in contentType.Split(';').Skip(1))
        {
            var pair = parameter.Split('=', 2);
            if (pair.Length != 2 || !pair[0].Trim().Equals("charset", StringComparison.OrdinalIgnoreCase)) continue;
            var charset = pair[1].Trim().Trim('"');
            if (!charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
            {
                throw new UnsupportedMediaTypeException($"Expecting a body in UTF-8 (no charset, or charset=utf-8), got 'Content-Type: {contentType}'", contentType);
            }
        }
    }
}
