namespace Mesos.Actors.Tests.Containerizer;

public sealed class ProcessTableTests : IDisposable
{
    private readonly TemporaryDirectory _proc = new();

    public void Dispose() => _proc.Dispose();

    [Fact]
    public void This_test_process_runs()
    {
        ProcessTable.IsRunning(Environment.ProcessId).Should().BeTrue();
    }

    [Fact]
    public void A_process_without_an_entry_in_a_readable_proc_is_not_running()
    {
        Stat("self", $"{Environment.ProcessId} (testhost) R 1 1 1");

        ProcessTable.IsRunning(4242, _proc.Path).Should().BeFalse();
    }

    [Theory]
    [InlineData("4242 (sleep) Z 1 4242 4242", false)]
    [InlineData("4242 (sleep) X 1 4242 4242", false)]
    [InlineData("4242 (sleep) S 1 4242 4242", true)]
    [InlineData("4242 (odd) Z (name) R 1 4242 4242", true)]
    public void A_zombie_or_dead_process_is_not_running_and_any_other_state_is(string stat, bool running)
    {
        Stat("self", $"{Environment.ProcessId} (testhost) R 1 1 1");
        Stat("4242", stat);

        ProcessTable.IsRunning(4242, _proc.Path).Should().Be(running);
    }

    [Fact]
    public void Without_a_readable_proc_it_fails_instead_of_answering_not_running()
    {
        var isRunning = () => ProcessTable.IsRunning(Environment.ProcessId, Path.Combine(_proc.Path, "not-mounted"));

        isRunning.Should().Throw<InvalidOperationException>().WithMessage("*cannot be read*");
    }

    [Theory]
    [InlineData("")]
    [InlineData("4242 sleep S 1")]
    [InlineData("4242 (sleep)")]
    [InlineData("4242 (sleep) ? 1")]
    public void An_entry_that_does_not_read_as_a_stat_fails_instead_of_answering(string stat)
    {
        Stat("self", $"{Environment.ProcessId} (testhost) R 1 1 1");
        Stat("4242", stat);

        var isRunning = () => ProcessTable.IsRunning(4242, _proc.Path);

        isRunning.Should().Throw<FormatException>();
    }

    [Fact]
    public void An_entry_that_exists_but_cannot_be_read_fails_instead_of_answering_not_running()
    {
        Stat("self", $"{Environment.ProcessId} (testhost) R 1 1 1");
        Directory.CreateDirectory(Path.Combine(_proc.Path, "4242", "stat"));

        var isRunning = () => ProcessTable.IsRunning(4242, _proc.Path);

        isRunning.Should().Throw<Exception>();
    }

    private void Stat(string entry, string text)
    {
        Directory.CreateDirectory(Path.Combine(_proc.Path, entry));
        File.WriteAllText(Path.Combine(_proc.Path, entry, "stat"), text);
    }
}
