using Akka.Configuration;
using Mesos.Actors.Settings;

namespace Mesos.Host.Http;

internal static class HttpLimits
{
    public static long MaxRequestBodySize(Config config) =>
        ReferenceConfig.WithDefaults(config).GetByteSize("mesos.http.max-request-body-size")
        ?? throw new ConfigurationException("mesos.http.max-request-body-size is not set");
}
