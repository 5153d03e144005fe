namespace Mesos.Actors.Protocol;

/// <summary>
/// The header of a master's answer to a scheduler's SUBSCRIBE that carries the registry epoch of the master that
/// took it: every master that takes the registry over records a later one, so a framework that heard a later
/// epoch knows the master it now reaches was deposed. Ours: Mesos' masters send no such header.
/// </summary>
public static class MasterEpochHeader
{
    public const string Name = "Mesos-Master-Epoch";
}
