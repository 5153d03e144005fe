using Mesos.V1;

namespace Mesos.Actors.Master.Registrar;

/// <summary>Instants as the registry stores them: Mesos' TimeInfo, nanoseconds since the Unix epoch.</summary>
internal static class RegistryTime
{
    private const long NanosecondsPerTick = 100;

    public static TimeInfo Of(DateTimeOffset time) => new() { Nanoseconds = (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * NanosecondsPerTick };

    public static DateTimeOffset From(TimeInfo time) => DateTimeOffset.UnixEpoch.AddTicks(time.Nanoseconds / NanosecondsPerTick);
}
