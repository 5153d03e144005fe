using Mesos.Actors.Containerizer.Fetcher;
using Mesos.TestKit.Http;
using Mesos.V1;
using FileInfo = System.IO.FileInfo;
using Task = System.Threading.Tasks.Task;
using URI = Mesos.V1.CommandInfo.Types.URI;

namespace Mesos.Actors.Tests.Containerizer.Fetcher;

/// <summary>The fetcher against a real HTTP server on loopback and the real filesystem.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class UriFetcherTests : IDisposable
{
    private readonly TemporaryDirectory _temp = new();
    private readonly FileServer _server = new();
    private readonly HttpClient _http = new();

    public void Dispose()
    {
        _http.Dispose();
        _server.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task An_archive_from_an_http_url_is_downloaded_and_extracted_into_the_sandbox()
    {
        var url = _server.Put("/dist/app.tar.gz", Compression.Gzip(new TarBuilder().File("app/hello", "hello\n").Bytes()));
        var sandbox = Sandbox("a");

        await Fetcher().FetchAsync([new URI { Value = url }], sandbox, null, CancellationToken.None);

        File.ReadAllText(Path.Combine(sandbox, "app", "hello")).Should().Be("hello\n");
        File.Exists(Path.Combine(sandbox, "app.tar.gz")).Should().BeTrue("as Mesos, the archive stays beside what it held");
        File.ReadAllText(Path.Combine(sandbox, "stderr")).Should().Contain($"Fetching URI '{url}'").And.Contain("Extracted");
    }

    [Fact]
    public async Task A_cached_uri_is_downloaded_once_and_the_second_task_is_served_from_the_cache()
    {
        var url = _server.Put("/app.zip", new ZipBuilder().File("hello", "hello\n").Bytes());
        var fetcher = Fetcher();

        await fetcher.FetchAsync([new URI { Value = url, Cache = true }], Sandbox("first"), null, CancellationToken.None);
        await fetcher.FetchAsync([new URI { Value = url, Cache = true }], Sandbox("second"), null, CancellationToken.None);

        _server.Requests("/app.zip").Should().Be(1);
        File.ReadAllText(Path.Combine(Sandbox("second"), "hello")).Should().Be("hello\n");
        File.ReadAllText(Path.Combine(Sandbox("second"), "stderr")).Should().Contain($"Fetched '{url}' from the cache");
    }

    [Fact]
    public async Task The_cache_keeps_within_its_size_by_evicting_the_least_recently_used()
    {
        var fetcher = Fetcher(cacheSize: 2500);
        string[] urls = [_server.Put("/a", new byte[1000]), _server.Put("/b", new byte[1000]), _server.Put("/c", new byte[1000])];
        var n = 0;
        Task Fetch(string url) => fetcher.FetchAsync([new URI { Value = url, Cache = true }], Sandbox($"s{n++}"), null, CancellationToken.None);

        await Fetch(urls[0]);
        await Fetch(urls[1]);
        await Fetch(urls[0]);
        await Fetch(urls[2]);
        await Fetch(urls[0]);
        await Fetch(urls[1]);

        _server.Requests("/a").Should().Be(1, "it was used last before c came, so b went");
        _server.Requests("/b").Should().Be(2);
        _server.Requests("/c").Should().Be(1);
        Directory.EnumerateFiles(CacheDir).Sum(f => new FileInfo(f).Length).Should().BeLessThanOrEqualTo(2500);
    }

    [Fact]
    public async Task A_file_larger_than_the_whole_cache_is_fetched_without_being_cached()
    {
        var fetcher = Fetcher(cacheSize: 100);
        var url = _server.Put("/big", new byte[1000]);

        await fetcher.FetchAsync([new URI { Value = url, Cache = true }], Sandbox("one"), null, CancellationToken.None);
        await fetcher.FetchAsync([new URI { Value = url, Cache = true }], Sandbox("two"), null, CancellationToken.None);

        _server.Requests("/big").Should().Be(2);
        new FileInfo(Path.Combine(Sandbox("two"), "big")).Length.Should().Be(1000);
        Directory.EnumerateFiles(CacheDir).Should().BeEmpty();
    }

    [Fact]
    public async Task Each_user_has_a_cache_entry_of_its_own()
    {
        var fetcher = Fetcher();
        var url = _server.Put("/tool", "x"u8.ToArray());

        await fetcher.FetchAsync([new URI { Value = url, Cache = true }], Sandbox("alice"), "alice", CancellationToken.None);
        await fetcher.FetchAsync([new URI { Value = url, Cache = true }], Sandbox("bob"), "bob", CancellationToken.None);

        _server.Requests("/tool").Should().Be(2);
    }

    [Fact]
    public async Task An_executable_uri_is_made_executable_and_not_extracted_and_output_file_renames_it()
    {
        var url = _server.Put("/bin/tool.tar", new TarBuilder().File("inner", "x").Bytes());
        var sandbox = Sandbox("exec");

        await Fetcher().FetchAsync([new URI { Value = url, Executable = true, OutputFile = "bin/run" }], sandbox, null, CancellationToken.None);

        File.GetUnixFileMode(Path.Combine(sandbox, "bin", "run")).Should().HaveFlag(UnixFileMode.UserExecute);
        File.Exists(Path.Combine(sandbox, "inner")).Should().BeFalse();
    }

    [Fact]
    public async Task Extract_false_leaves_an_archive_as_it_came()
    {
        var url = _server.Put("/keep.tar", new TarBuilder().File("inner", "x").Bytes());
        var sandbox = Sandbox("keep");

        await Fetcher().FetchAsync([new URI { Value = url, Extract = false }], sandbox, null, CancellationToken.None);

        File.Exists(Path.Combine(sandbox, "keep.tar")).Should().BeTrue();
        File.Exists(Path.Combine(sandbox, "inner")).Should().BeFalse();
    }

    [Fact]
    public async Task A_local_path_and_a_file_url_are_copied()
    {
        var local = Path.Combine(_temp.Path, "local.txt");
        File.WriteAllText(local, "local");
        var sandbox = Sandbox("local");

        await Fetcher().FetchAsync([new URI { Value = local }, new URI { Value = new Uri(local).AbsoluteUri, OutputFile = "again.txt" }], sandbox, null, CancellationToken.None);

        File.ReadAllText(Path.Combine(sandbox, "local.txt")).Should().Be("local");
        File.ReadAllText(Path.Combine(sandbox, "again.txt")).Should().Be("local");
    }

    [Theory]
    [InlineData("{server}/missing", null, "the server answered 404")]
    [InlineData("ftp://127.0.0.1/file", null, "the 'ftp' scheme is not fetched")]
    [InlineData("relative/path", null, "not an absolute path nor an http(s) or file URL")]
    [InlineData("{server}/", null, "names no file: give the URI an output_file")]
    [InlineData("{server}/hostile.tar", null, "Refused the archive entry '../evil'")]
    [InlineData("{server}/file", "../escaped", "the output file '../escaped' is not a path inside the sandbox")]
    [InlineData("{server}/file", "/etc/escaped", "the output file '/etc/escaped' is not a path inside the sandbox")]
    public async Task A_uri_that_cannot_be_fetched_fails_with_why_and_says_so_in_the_sandbox(string value, string? outputFile, string why)
    {
        _server.Put("/hostile.tar", new TarBuilder().File("../evil", "evil").Bytes());
        _server.Put("/file", "x"u8.ToArray());
        var uri = new URI { Value = value.Replace("{server}", _server.Url(""), StringComparison.Ordinal) };
        if (outputFile is not null) uri.OutputFile = outputFile;
        var sandbox = Sandbox("fails");

        var fetch = () => Fetcher().FetchAsync([uri], sandbox, null, CancellationToken.None);

        (await fetch.Should().ThrowAsync<FetchFailedException>()).Which.Message.Should().StartWith($"Failed to fetch '{uri.Value}': ").And.Contain(why);
        File.ReadAllText(Path.Combine(sandbox, "stderr")).Should().Contain($"Failed to fetch '{uri.Value}': ");
        Directory.EnumerateFileSystemEntries(Path.Combine(_temp.Path, "sandboxes")).Should().Equal(sandbox);
    }

    private string CacheDir => Path.Combine(_temp.Path, "cache");

    private UriFetcher Fetcher(long cacheSize = 1 << 20) => new(new FetcherCache(CacheDir, cacheSize), _http);

    private string Sandbox(string name)
    {
        var path = Path.Combine(_temp.Path, "sandboxes", name);
        Directory.CreateDirectory(path);
        return path;
    }
}
