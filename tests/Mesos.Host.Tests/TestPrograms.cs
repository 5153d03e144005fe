namespace Mesos.Host.Tests;

/// <summary>Programs of this repository built beside the tests (a test framework, the samples), run as real processes.</summary>
internal static class TestPrograms
{
    /// <summary>The repository's root: the tests run from tests/Mesos.Host.Tests/bin/&lt;configuration&gt;/&lt;framework&gt;.</summary>
    public static string Root { get; } = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", ".."));

    /// <summary>
    /// The executable of the project in <paramref name="projectFolder"/> (relative to the root), in its own
    /// output folder and built in the same configuration as the tests.
    /// </summary>
    public static string Executable(string projectFolder)
    {
        var testsOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var name = Path.GetFileName(projectFolder);
        var file = OperatingSystem.IsWindows() ? name + ".exe" : name;
        return Path.Combine(Root, projectFolder, "bin", testsOutput.Parent!.Name, testsOutput.Name, file);
    }
}
