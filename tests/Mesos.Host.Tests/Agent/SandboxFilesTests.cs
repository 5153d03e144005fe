using System.Diagnostics;
using System.Text;
using Mesos.Host.Agent.Files;

namespace Mesos.Host.Tests.Agent;

/// <summary>
/// Sandbox browsing's confinement on a real directory tree: a sandbox <c>run1</c> beside a sibling
/// <c>run10</c>, with the symlinks a task could leave in its own sandbox (to /, to its parent, to the
/// sibling, to /etc/passwd) and ones that stay inside. Every hostile path is refused; nothing outside
/// is ever read or listed.
/// </summary>
public sealed class SandboxFilesTests : IDisposable
{
    private const string Latest = "/frameworks/f1/executors/e1/runs/latest";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "mesos-files-" + Guid.NewGuid().ToString("N"));
    private readonly string _run1;
    private readonly VirtualPaths _paths;

    public SandboxFilesTests()
    {
        var runs = Path.Combine(_root, "runs");
        _run1 = Path.Combine(runs, "run1");
        Directory.CreateDirectory(Path.Combine(_run1, "sub", "deeper"));
        Directory.CreateDirectory(Path.Combine(runs, "run10"));
        File.WriteAllText(Path.Combine(_run1, "stdout"), "hello from the task\n");
        File.WriteAllText(Path.Combine(_run1, "sub", "deeper", "file"), "deep");
        File.WriteAllText(Path.Combine(runs, "run10", "secret"), "the sibling's secret");
        File.WriteAllText(Path.Combine(_root, "secret"), "outside every sandbox");
        File.CreateSymbolicLink(Path.Combine(_run1, "to-root"), "/");
        File.CreateSymbolicLink(Path.Combine(_run1, "up"), "..");
        File.CreateSymbolicLink(Path.Combine(_run1, "sibling"), "../run10");
        File.CreateSymbolicLink(Path.Combine(_run1, "passwd"), "/etc/passwd");
        File.CreateSymbolicLink(Path.Combine(_run1, "inside"), "sub");
        File.CreateSymbolicLink(Path.Combine(_run1, "out"), "stdout");
        File.CreateSymbolicLink(Path.Combine(_run1, "dangling"), "missing");
        // The run's directory reached through a symlink, as Mesos' runs/latest is.
        File.CreateSymbolicLink(Path.Combine(runs, "latest"), "run1");
        _paths = new VirtualPaths([new(_run1, _run1), new(Latest, Path.Combine(runs, "latest"))]);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private Resolution Resolve(string path) => SandboxResolver.Resolve(_paths, path);

    private static int StatusOf(Resolution resolution) => resolution is Refused refused ? refused.Status : 200;

    [Fact]
    public void A_file_in_a_sandbox_resolves_under_its_real_path_and_under_latest()
    {
        var stdout = Path.Combine(_run1, "stdout");
        Resolve(stdout).Should().BeOfType<Resolved>().Which.Path.Should().Be(Posix.RealPath(stdout));
        Resolve(Latest + "/stdout").Should().BeOfType<Resolved>().Which.Path.Should().Be(Posix.RealPath(stdout));
        Resolve(_run1 + "//sub/./deeper/file").Should().BeOfType<Resolved>().Which.VirtualPath.Should().Be(_run1 + "/sub/deeper/file");
    }

    [Fact]
    public void Symlinks_that_stay_inside_the_sandbox_are_followed()
    {
        Resolve(_run1 + "/inside/deeper/file").Should().BeOfType<Resolved>().Which.Path.Should().Be(Posix.RealPath(Path.Combine(_run1, "sub", "deeper", "file")));
        Resolve(_run1 + "/out").Should().BeOfType<Resolved>();
    }

    [Theory]
    [InlineData("/../run10/secret", 403)]
    [InlineData("/sub/../../run10/secret", 403)]
    [InlineData("/to-root/etc/passwd", 403)]
    [InlineData("/to-root", 403)]
    [InlineData("/passwd", 403)]
    [InlineData("/up/secret", 403)]
    [InlineData("/up/run10/secret", 403)]
    [InlineData("/sibling/secret", 403)]
    [InlineData("/sibling", 403)]
    [InlineData("/dangling", 404)]
    [InlineData("/missing", 404)]
    // Decoded once by HTTP and never again: these are literal names, which do not exist.
    [InlineData("/%2e%2e/run10/secret", 404)]
    [InlineData("/%2E%2E%2Frun10%2Fsecret", 404)]
    [InlineData("/..%2frun10/secret", 404)]
    [InlineData("/stdout\0.txt", 403)]
    [InlineData("/\n", 403)]
    [InlineData("/..\\run10\\secret", 403)]
    public void Hostile_paths_in_a_sandbox_are_refused(string suffix, int status)
    {
        StatusOf(Resolve(_run1 + suffix)).Should().Be(status);
        StatusOf(Resolve(Latest + suffix)).Should().Be(status);
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("/")]
    [InlineData("/slave/log")]
    [InlineData("/frameworks/f1/executors/e1/runs")]
    [InlineData("/frameworks/f1/executors/e1/runs/latest10/stdout")]
    public void Paths_outside_every_virtual_path_are_not_found(string path) => StatusOf(Resolve(path)).Should().Be(404);

    [Fact]
    public void A_sibling_whose_name_starts_with_the_sandboxs_is_outside_it()
    {
        StatusOf(Resolve(Path.Combine(_root, "runs", "run10", "secret"))).Should().Be(404);
        SandboxResolver.Contains("/w/runs/run1", "/w/runs/run10").Should().BeFalse();
        SandboxResolver.Contains("/w/runs/run1", "/w/runs/run1").Should().BeTrue();
        SandboxResolver.Contains("/w/runs/run1", "/w/runs/run1/x").Should().BeTrue();
        SandboxResolver.Contains("/w/runs/run1", "/w/runs").Should().BeFalse();
        SandboxResolver.Contains("/", "/etc").Should().BeTrue();
    }

    [Fact]
    public void An_empty_path_is_a_bad_request() => StatusOf(Resolve("")).Should().Be(400);

    [Fact]
    public void A_listing_names_entries_by_virtual_path_and_shows_links_out_as_links()
    {
        SandboxFiles.Browse(_paths, Latest, out var entries).Should().BeOfType<Resolved>();
        var byName = entries.ToDictionary(e => e.Path[(Latest.Length + 1)..]);
        byName.Keys.Should().BeEquivalentTo(["stdout", "sub", "to-root", "up", "sibling", "passwd", "inside", "out", "dangling"]);
        byName["stdout"].Stat.ModeText().Should().StartWith("-rw");
        byName["stdout"].Stat.Size.Should().Be(20);
        byName["sub"].Stat.ModeText().Should().StartWith("d");
        // Links that stay inside show what they point to; links out show only themselves.
        byName["inside"].Stat.IsDirectory.Should().BeTrue();
        byName["out"].Stat.Size.Should().Be(20);
        foreach (var name in new[] { "to-root", "up", "sibling", "passwd", "dangling" }) byName[name].Stat.IsSymlink.Should().BeTrue(name);
        byName["stdout"].Owner.Should().Be(Environment.UserName);
    }

    [Fact]
    public void Listing_through_a_link_out_is_refused_and_lists_nothing()
    {
        StatusOf(SandboxFiles.Browse(_paths, _run1 + "/to-root", out var entries)).Should().Be(403);
        entries.Should().BeEmpty();
        StatusOf(SandboxFiles.Browse(_paths, _run1 + "/sibling", out entries)).Should().Be(403);
        entries.Should().BeEmpty();
    }

    [Fact]
    public void Reads_return_a_piece_from_an_offset_and_the_size_for_offset_minus_one()
    {
        var stdout = _run1 + "/stdout";
        SandboxFiles.Read(_paths, stdout, 6, 4, out var chunk).Should().BeOfType<Resolved>();
        Encoding.UTF8.GetString(chunk!.Data).Should().Be("from");
        chunk.Offset.Should().Be(6);
        SandboxFiles.Read(_paths, stdout, -1, null, out chunk);
        chunk!.Data.Should().BeEmpty();
        chunk.Offset.Should().Be(20);
        SandboxFiles.Read(_paths, stdout, 100, null, out chunk);
        chunk!.Data.Should().BeEmpty();
        chunk.Offset.Should().Be(20);
        StatusOf(SandboxFiles.Read(_paths, stdout, -2, null, out _)).Should().Be(400);
        StatusOf(SandboxFiles.Read(_paths, stdout, 0, -5, out _)).Should().Be(400);
        StatusOf(SandboxFiles.Read(_paths, _run1 + "/sub", 0, null, out _)).Should().Be(400);
        StatusOf(SandboxFiles.Read(_paths, _run1 + "/passwd", 0, null, out chunk)).Should().Be(403);
        chunk.Should().BeNull();
    }

    [Fact]
    public void A_read_is_at_most_sixteen_pages()
    {
        File.WriteAllBytes(Path.Combine(_run1, "big"), new byte[200_000]);
        SandboxFiles.Read(_paths, _run1 + "/big", 0, 1_000_000, out var chunk);
        chunk!.Data.Length.Should().Be((int)SandboxFiles.MaxReadLength);
    }

    [Fact]
    public void A_fifo_in_a_sandbox_is_refused_without_blocking()
    {
        using (var mkfifo = Process.Start("mkfifo", Path.Combine(_run1, "pipe"))) mkfifo.WaitForExit();
        StatusOf(SandboxFiles.Read(_paths, _run1 + "/pipe", 0, null, out _)).Should().Be(400);
        StatusOf(SandboxFiles.Download(_paths, _run1 + "/pipe", out var file)).Should().Be(400);
        file.Should().BeNull();
    }

    [Fact]
    public void Downloads_open_files_inside_only()
    {
        SandboxFiles.Download(_paths, Latest + "/inside/deeper/file", out var file).Should().BeOfType<Resolved>();
        using (var stream = file!.Stream) new StreamReader(stream).ReadToEnd().Should().Be("deep");
        file.Name.Should().Be("file");
        StatusOf(SandboxFiles.Download(_paths, _run1 + "/sibling/secret", out file)).Should().Be(403);
        StatusOf(SandboxFiles.Download(_paths, _run1, out file)).Should().Be(400);
    }

    [Fact]
    public void Text_for_json_never_ends_in_a_cut_character()
    {
        var bytes = Encoding.UTF8.GetBytes("aé€😀");
        SandboxFiles.Text(new FileChunk(bytes, 0, bytes.Length)).Should().Be("aé€😀");
        SandboxFiles.Text(new FileChunk(bytes[..2], 0, 10)).Should().Be("a");
        SandboxFiles.Text(new FileChunk(bytes[..5], 0, 10)).Should().Be("aé");
        SandboxFiles.Text(new FileChunk(bytes[..9], 0, 10)).Should().Be("aé€");
        SandboxFiles.Text(new FileChunk(bytes[..3], 0, 10)).Should().Be("aé");
    }

    [Theory]
    [InlineData(0x81A4u, "-rw-r--r--")]
    [InlineData(0x41EDu, "drwxr-xr-x")]
    [InlineData(0x89EDu, "-rwsr-xr-x")]
    [InlineData(0x43FFu, "drwxrwxrwt")]
    [InlineData(0xA1FFu, "lrwxrwxrwx")]
    [InlineData(0x1180u, "prw-------")]
    public void Modes_read_as_ls_writes_them(uint mode, string text) =>
        new FileStat(mode, 1, 0, 0, 0, 0, 0).ModeText().Should().Be(text);
}
