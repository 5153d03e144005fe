using Akka.Configuration;
using Mesos.Actors.Settings;

namespace Mesos.Host.Http;

/// <summary>
/// What a request may cost (<c>mesos.http</c> in reference.conf): the body of a call that carries tasks or
/// data may be large, every other body is small, and only a few large bodies are read and decoded at once.
/// </summary>
/// <param name="MaxBodyBytes">The largest body of a call that carries tasks or data.</param>
/// <param name="MaxSmallBodyBytes">The largest body of every other call and endpoint (never above <paramref name="MaxBodyBytes"/>).</param>
/// <param name="MaxConcurrentLargeBodies">How many bodies above <see cref="LargeBodyBytes"/> are read and decoded at once.</param>
internal sealed record HttpLimits(long MaxBodyBytes, long MaxSmallBodyBytes, int MaxConcurrentLargeBodies)
{
    /// <summary>Bodies up to this size are read at once; a larger one waits for its turn first.</summary>
    public const int LargeBodyBytes = 64 << 10;

    public static HttpLimits From(Config config)
    {
        var http = ReferenceConfig.WithDefaults(config).GetConfig("mesos.http");
        var max = Size(http, "max-request-body-size");
        var small = Size(http, "max-small-request-body-size");
        var concurrent = http.GetInt("max-concurrent-large-bodies");
        if (concurrent < 1) throw new ConfigurationException($"mesos.http.max-concurrent-large-bodies must be at least 1, got {concurrent}");
        return new HttpLimits(max, Math.Min(small, max), concurrent);
    }

    private static long Size(Config http, string key)
    {
        var size = http.GetByteSize(key) ?? throw new ConfigurationException($"mesos.http.{key} is not set");
        // A body is held in one array.
        return size > 0 && size <= Array.MaxLength ? size : throw new ConfigurationException($"mesos.http.{key} must be between 1 byte and 2GiB, got {size}");
    }
}
