using Mesos.V1;

namespace Mesos.Host.Tests;

/// <summary>The test executor (tests/Mesos.TestExecutor), built beside the tests, as a custom executor's command.</summary>
internal static class TestExecutorProgram
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "Mesos.TestExecutor.dll");

    /// <summary><c>dotnet Mesos.TestExecutor.dll</c>, without a shell, so that the executor's process is the program itself.</summary>
    public static CommandInfo Command() => new() { Shell = false, Value = "dotnet", Arguments = { "dotnet", Dll } };
}
