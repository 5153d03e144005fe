namespace Mesos.Actors.Settings;

/// <summary>Where a master or an agent keeps its state when --work_dir is not given: ~/.mesos/&lt;role&gt;.</summary>
internal static class WorkDirs
{
    public static string OrDefault(string configured, string role) =>
        configured.Length > 0
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".mesos", role);
}
