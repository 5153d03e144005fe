using Mesos.Actors.Containerizer;

namespace Mesos.Actors.Tests.Containerizer;

/// <summary>Sandboxes made and opened under a work directory on the real file system, with links planted where a hostile task would.</summary>
public sealed class SandboxDirectoryTests : IDisposable
{
    private readonly TemporaryDirectory _workDir = new();
    private readonly TemporaryDirectory _outside = new();

    public void Dispose()
    {
        _workDir.Dispose();
        _outside.Dispose();
    }

    private string Under(params string[] components) => Path.Combine([_workDir.Path, .. components]);

    [Fact]
    public void The_missing_components_are_made_and_the_handle_is_the_sandbox()
    {
        var sandbox = Under("slaves", "a", "runs", "c");

        using (var handle = SandboxDirectory.Open(_workDir.Path, sandbox, create: true))
        using (SandboxDirectory.AppendFile(handle, "stdout"))
        {
        }

        File.Exists(Path.Combine(sandbox, "stdout")).Should().BeTrue();
        using var again = SandboxDirectory.Open(_workDir.Path, sandbox, create: false);
        again.IsInvalid.Should().BeFalse();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public void A_link_at_any_component_below_the_work_directory_is_refused_and_nothing_is_made_where_it_points(int linked)
    {
        string[] components = ["slaves", "a", "tasks", "t2"];
        Directory.CreateDirectory(Under(components[..linked]));
        Directory.CreateSymbolicLink(Under(components[..(linked + 1)]), _outside.Path);

        var open = () => SandboxDirectory.Open(_workDir.Path, Under(components), create: true);

        open.Should().Throw<IOException>().WithMessage($"*'{components[linked]}'*symbolic link*");
        Directory.EnumerateFileSystemEntries(_outside.Path).Should().BeEmpty();
    }

    [Fact]
    public void A_link_to_a_directory_inside_the_work_directory_is_refused_too()
    {
        Directory.CreateDirectory(Under("real"));
        Directory.CreateSymbolicLink(Under("alias"), Under("real"));

        var open = () => SandboxDirectory.Open(_workDir.Path, Under("alias", "t"), create: true);

        open.Should().Throw<IOException>();
    }

    [Fact]
    public void A_file_where_a_directory_goes_is_refused()
    {
        File.WriteAllText(Under("file"), "");

        var open = () => SandboxDirectory.Open(_workDir.Path, Under("file", "t"), create: true);

        open.Should().Throw<IOException>().WithMessage("*'file'*not a directory*");
    }

    [Theory]
    [InlineData("..")]
    [InlineData("/elsewhere")]
    public void A_sandbox_outside_the_work_directory_is_refused(string path)
    {
        var open = () => SandboxDirectory.Open(_workDir.Path, Path.GetFullPath(Path.Combine(_workDir.Path, path, "x")), create: true);

        open.Should().Throw<IOException>().WithMessage("*not under the work directory*");
    }

    [Fact]
    public void A_link_planted_as_a_file_of_the_sandbox_is_refused_and_its_target_left_alone()
    {
        var target = Path.Combine(_outside.Path, "owned");
        File.WriteAllText(target, "mine");
        using var sandbox = SandboxDirectory.Open(_workDir.Path, Under("s"), create: true);
        File.CreateSymbolicLink(Under("s", "stderr"), target);

        var create = () => SandboxDirectory.AppendFile(sandbox, "stderr");

        create.Should().Throw<IOException>().WithMessage("*symbolic link*");
        File.ReadAllText(target).Should().Be("mine");
    }
}
