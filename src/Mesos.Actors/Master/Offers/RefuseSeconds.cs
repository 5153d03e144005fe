using Mesos.V1;

namespace Mesos.Actors.Master.Offers;

/// <summary>How long what a framework declines, or leaves unused of what it accepts, is not offered to it again.</summary>
internal static class RefuseSeconds
{
    /// <summary>Mesos' default refuse_seconds.</summary>
    public const double Default = 5;

    /// <summary>The refuse_seconds of a DECLINE's or an ACCEPT's filters.</summary>
    public static double Of(Filters? filters) => filters is { HasRefuseSeconds: true } ? filters.RefuseSeconds : Default;
}
