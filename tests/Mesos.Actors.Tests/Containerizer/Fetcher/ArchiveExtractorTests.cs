using Mesos.Actors.Containerizer.Fetcher;

namespace Mesos.Actors.Tests.Containerizer.Fetcher;

/// <summary>Real archives extracted onto the real filesystem: every format, and hostile entries that must land nowhere outside.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ArchiveExtractorTests : IDisposable
{
    private readonly TemporaryDirectory _temp = new();

    public ArchiveExtractorTests()
    {
        Directory.CreateDirectory(Sandbox);
        Directory.CreateDirectory(Outside);
        File.WriteAllText(Path.Combine(Outside, "secret"), "secret");
    }

    private string Sandbox => Path.Combine(_temp.Path, "sandbox");

    // Beside the sandbox: where a relative escape ("../outside") or an absolute one would land.
    private string Outside => Path.Combine(_temp.Path, "outside");

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string> TarFormats => ["app.tar", "app.tar.gz", "app.tgz", "app.tar.bz2", "app.tar.xz"];

    [Theory]
    [MemberData(nameof(TarFormats))]
    public async Task A_tar_in_each_compression_is_extracted_with_its_modes_links_and_hard_links(string name)
    {
        var tar = new TarBuilder()
            .Directory("app/")
            .File("app/hello", "hello\n")
            .File("app/run.sh", "#!/bin/sh\necho run\n", (UnixFileMode)0x1ED)
            .Symlink("app/link", "hello")
            .HardLink("app/copy", "app/hello")
            .File("./app/setuid", "x", (UnixFileMode)0xDED)
            .Bytes();
        var archive = Write(name, name switch
        {
            _ when name.EndsWith(".tar", StringComparison.Ordinal) => tar,
            _ when name.EndsWith("gz", StringComparison.Ordinal) => Compression.Gzip(tar),
            _ when name.EndsWith(".bz2", StringComparison.Ordinal) => Compression.With("bzip2", tar),
            _ => Compression.With("xz", tar),
        });

        await Extract(archive);

        File.ReadAllText(Path.Combine(Sandbox, "app", "hello")).Should().Be("hello\n");
        File.GetUnixFileMode(Path.Combine(Sandbox, "app", "run.sh")).Should().HaveFlag(UnixFileMode.UserExecute);
        new FileInfo(Path.Combine(Sandbox, "app", "link")).LinkTarget.Should().Be("hello");
        File.ReadAllText(Path.Combine(Sandbox, "app", "link")).Should().Be("hello\n");
        File.ReadAllText(Path.Combine(Sandbox, "app", "copy")).Should().Be("hello\n");
        File.GetUnixFileMode(Path.Combine(Sandbox, "app", "setuid")).Should().NotHaveFlag(UnixFileMode.SetUser).And.NotHaveFlag(UnixFileMode.SetGroup);
    }

    [Fact]
    public async Task A_zip_is_extracted_with_its_modes_and_links()
    {
        var archive = Write("app.zip", new ZipBuilder()
            .File("app/hello", "hello\n")
            .File("app/run.sh", "#!/bin/sh\necho run\n", 0x81ED)
            .Symlink("app/link", "hello")
            .Bytes());

        await Extract(archive);

        File.ReadAllText(Path.Combine(Sandbox, "app", "hello")).Should().Be("hello\n");
        File.GetUnixFileMode(Path.Combine(Sandbox, "app", "run.sh")).Should().HaveFlag(UnixFileMode.UserExecute);
        new FileInfo(Path.Combine(Sandbox, "app", "link")).LinkTarget.Should().Be("hello");
    }

    [Theory]
    [InlineData("a file named ../evil")]
    [InlineData("a file under a/../../evil")]
    [InlineData("a file at an absolute path")]
    [InlineData("a link to ../outside")]
    [InlineData("a link to an absolute path")]
    [InlineData("a link to ../outside and a file written through it")]
    [InlineData("a link to . and a link to it/..")]
    [InlineData("a link through a name another link takes later")]
    [InlineData("a hard link to ../outside/secret")]
    [InlineData("a hard link to an absolute path")]
    [InlineData("a character device")]
    public async Task A_hostile_tar_is_refused_and_nothing_lands_outside(string attack)
    {
        var tar = attack switch
        {
            "a file named ../evil" => new TarBuilder().File("../outside/evil", "evil"),
            "a file under a/../../evil" => new TarBuilder().File("a/../../outside/evil", "evil"),
            "a file at an absolute path" => new TarBuilder().File(Path.Combine(Outside, "evil"), "evil"),
            "a link to ../outside" => new TarBuilder().Symlink("out", "../outside"),
            "a link to an absolute path" => new TarBuilder().Symlink("out", Outside),
            "a link to ../outside and a file written through it" => new TarBuilder().Symlink("out", "../outside").File("out/evil", "evil"),
            "a link to . and a link to it/.." => new TarBuilder().Symlink("here", ".").Symlink("up", "here/../outside"),
            "a link through a name another link takes later" => new TarBuilder().Symlink("up", "later/../outside").Symlink("later", "."),
            "a hard link to ../outside/secret" => new TarBuilder().HardLink("stolen", "../outside/secret"),
            "a hard link to an absolute path" => new TarBuilder().HardLink("stolen", Path.Combine(Outside, "secret")),
            _ => new TarBuilder().Device("null"),
        };
        var archive = Write("hostile.tar", tar.Bytes());

        var extract = () => Extract(archive);

        await extract.Should().ThrowAsync<HostileArchiveException>();
        NothingEscaped();
    }

    [Theory]
    [InlineData("../outside/evil")]
    [InlineData("..\\outside\\evil")]
    [InlineData("a/../../outside/evil")]
    [InlineData("{outside}/evil")]
    public async Task A_zip_entry_that_climbs_out_is_refused(string name)
    {
        var archive = Write("hostile.zip", new ZipBuilder().File(name.Replace("{outside}", Outside, StringComparison.Ordinal), "evil").Bytes());

        var extract = () => Extract(archive);

        await extract.Should().ThrowAsync<HostileArchiveException>();
        NothingEscaped();
    }

    [Fact]
    public async Task A_zip_link_that_points_out_is_refused()
    {
        var archive = Write("hostile.zip", new ZipBuilder().Symlink("out", "../outside").File("inside", "fine").Bytes());

        var extract = () => Extract(archive);

        (await extract.Should().ThrowAsync<HostileArchiveException>()).Which.Message.Should().Contain("'out'").And.Contain("points outside");
        NothingEscaped();
    }

    [Fact]
    public async Task A_link_that_stays_inside_through_another_link_is_kept()
    {
        var archive = Write("fine.tar", new TarBuilder().Directory("a/").Directory("a/b/").File("a/b/f", "f").Symlink("deep", "a/b").Symlink("up", "deep/../b/f").Bytes());

        await Extract(archive);

        File.ReadAllText(Path.Combine(Sandbox, "up")).Should().Be("f");
    }

    [Fact]
    public async Task Not_an_archive_fails_as_bad_data()
    {
        var archive = Write("broken.tar.gz", "not gzip"u8.ToArray());

        var extract = () => Extract(archive);

        await extract.Should().ThrowAsync<InvalidDataException>();
    }

    private string Write(string name, byte[] content)
    {
        var path = Path.Combine(_temp.Path, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private Task Extract(string archive) =>
        ArchiveExtractor.ExtractAsync(archive, ArchiveFormats.Of(archive)!.Value, Sandbox, CancellationToken.None);

    private void NothingEscaped()
    {
        Directory.EnumerateFileSystemEntries(Outside).Should().Equal(Path.Combine(Outside, "secret"));
        File.ReadAllText(Path.Combine(Outside, "secret")).Should().Be("secret");
        Directory.EnumerateFileSystemEntries(_temp.Path).Select(Path.GetFileName).Should().NotContain("evil");
        Directory.EnumerateFileSystemEntries(Sandbox, "*", SearchOption.AllDirectories)
            .Where(path => new FileInfo(path).LinkTarget is not null)
            .Should().BeEmpty("a refused archive leaves no link behind");
    }
}
