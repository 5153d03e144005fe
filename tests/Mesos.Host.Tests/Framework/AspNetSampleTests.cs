using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Task = System.Threading.Tasks.Task;

namespace Mesos.Host.Tests.Framework;

/// <summary>
/// samples/AspNetFramework, an ASP.NET Core application that hosts a SchedulerActor with Akka.Hosting,
/// run as a user runs it against `mesos local`.
/// </summary>
public sealed class AspNetSampleTests(LocalClusterFixture cluster) : IClassFixture<LocalClusterFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_README_quotes_the_sample_as_it_is()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(TestPrograms.Root, "README.md"));
        var link = readme.IndexOf("[samples/AspNetFramework]", StringComparison.Ordinal);
        var start = readme.IndexOf("```csharp\n", link, StringComparison.Ordinal) + "```csharp\n".Length;
        var end = readme.IndexOf("```\n", start, StringComparison.Ordinal);

        var program = await File.ReadAllTextAsync(Path.Combine(TestPrograms.Root, "samples", "AspNetFramework", "Program.cs"));

        link.Should().BePositive();
        program.Should().Contain(readme[start..end]);
    }

    [Fact]
    public async Task A_job_posted_to_the_application_runs_as_a_task_on_the_agent_and_its_state_is_served()
    {
        var port = RunningMesos.FreePort();
        await using var app = RunningMesos.StartProgram(TestPrograms.Executable("samples/AspNetFramework"),
            $"--master={cluster.Master}", $"--urls=http://127.0.0.1:{port}");
        await app.WaitForOutput("Now listening on", Deadline);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        using var posted = await http.PostAsJsonAsync("/jobs", new { command = "echo hello from ASP.NET" });

        posted.StatusCode.Should().Be(HttpStatusCode.Accepted);
        posted.Headers.Location!.OriginalString.Should().Be("/jobs/job-1");
        await app.WaitForOutput("job-1: TASK_FINISHED", Deadline);
        var job = JsonDocument.Parse(await http.GetStringAsync("/jobs/job-1")).RootElement;
        job.GetProperty("state").GetString().Should().Be("TASK_FINISHED");
        job.GetProperty("command").GetString().Should().Be("echo hello from ASP.NET");
        var sandboxes = Directory.GetFiles(cluster.WorkDir, "stdout", SearchOption.AllDirectories)
            .Where(f => f.Contains($"{Path.DirectorySeparatorChar}executors{Path.DirectorySeparatorChar}job-1{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        sandboxes.Select(File.ReadAllText).Should().ContainSingle().Which.Should().Contain("hello from ASP.NET");

        var jobs = JsonDocument.Parse(await http.GetStringAsync("/jobs")).RootElement;
        jobs.EnumerateArray().Select(j => j.GetProperty("id").GetString()).Should().Equal("job-1");
        using var unknown = await http.GetAsync("/jobs/job-9");
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        using var empty = await http.PostAsJsonAsync("/jobs", new { command = " " });
        empty.StatusCode.Should().Be(HttpStatusCode.BadRequest);

        // SIGTERM, as Ctrl-C or a service manager sends it: the host stops Kestrel and the actor system.
        (await app.Terminate(Deadline)).Should().Be(0);
    }
}
