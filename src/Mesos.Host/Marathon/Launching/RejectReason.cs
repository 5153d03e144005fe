namespace Mesos.Host.Marathon.Launching;

/// <summary>Why an offer was not used for an app, named as Marathon's queue names it.</summary>
public static class RejectReason
{
    public const string InsufficientCpus = "InsufficientCpus";
    public const string InsufficientMemory = "InsufficientMemory";
    public const string InsufficientDisk = "InsufficientDisk";
    public const string InsufficientPorts = "InsufficientPorts";
    public const string UnfulfilledRole = "UnfulfilledRole";
    public const string UnfulfilledConstraint = "UnfulfilledConstraint";

    /// <summary>Every reason, in the order Marathon's queue lists them.</summary>
    public static IReadOnlyList<string> All { get; } =
        [UnfulfilledRole, UnfulfilledConstraint, InsufficientCpus, InsufficientMemory, InsufficientDisk, InsufficientPorts];
}
