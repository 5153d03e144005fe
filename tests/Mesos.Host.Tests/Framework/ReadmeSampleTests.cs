using Task = System.Threading.Tasks.Task;

namespace Mesos.Host.Tests.Framework;

/// <summary>The README's sample framework is samples/HelloFramework, and it works on `mesos local` as the README says.</summary>
public sealed class ReadmeSampleTests(LocalClusterFixture cluster) : IClassFixture<LocalClusterFixture>
{
    [Fact]
    public async Task The_README_shows_the_sample_exactly()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(TestPrograms.Root, "README.md"));
        var start = readme.IndexOf("```csharp\n", StringComparison.Ordinal) + "```csharp\n".Length;
        var end = readme.IndexOf("```\n", start, StringComparison.Ordinal);

        var sample = await File.ReadAllTextAsync(Path.Combine(TestPrograms.Root, "samples", "HelloFramework", "Program.cs"));

        readme[start..end].Should().Be(sample);
    }

    [Fact]
    public async Task The_sample_runs_its_three_tasks_and_tears_the_framework_down()
    {
        await using var sample = RunningMesos.StartProgram(TestPrograms.Executable("samples/HelloFramework"), cluster.Master);

        (await sample.WaitForExit(TimeSpan.FromSeconds(60))).Should().Be(0);

        var lines = sample.Lines();
        lines.Should().Contain(l => l.StartsWith("Subscribed as ", StringComparison.Ordinal));
        foreach (var task in new[] { "hello-1", "hello-2", "hello-3" })
        {
            lines.Should().Contain($"{task}: TASK_FINISHED Command exited with status 0");
        }
    }
}
