using Mesos.Actors.Configuration;

namespace Mesos.Actors.Tests.Configuration;

public sealed class IncludeTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "hocon-" + Guid.NewGuid().ToString("N"));

    public IncludeTests()
    {
        Directory.CreateDirectory(_directory);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Include_reads_a_file_relative_to_the_including_file()
    {
        Write("defaults.conf", "timeout = 5s\nname = default");
        var main = Write("main.conf", "include \"defaults.conf\"\nname = main");

        var config = ConfigurationFactory.ParseFile(main);

        config.GetString("timeout").Should().Be("5s");
        config.GetString("name").Should().Be("main");
    }

    [Fact]
    public void Included_keys_are_overridden_by_later_keys_and_override_earlier_ones()
    {
        Write("inc.conf", "a = included\nb = included\nobj { x = included }");
        var main = Write("main.conf", "a = main\nobj { y = main }\ninclude \"inc.conf\"\nb = main");

        var config = ConfigurationFactory.ParseFile(main);

        config.GetString("a").Should().Be("included");
        config.GetString("b").Should().Be("main");
        config.GetString("obj.x").Should().Be("included");
        config.GetString("obj.y").Should().Be("main");
    }

    [Fact]
    public void Include_inside_an_object_places_keys_under_that_object()
    {
        Write("db.conf", "host = localhost\nport = 5432");
        var main = Write("main.conf", "database { include \"db.conf\"\nport = 6543 }");

        var config = ConfigurationFactory.ParseFile(main);

        config.GetString("database.host").Should().Be("localhost");
        config.GetInt("database.port").Should().Be(6543);
        config.HasPath("host").Should().BeFalse();
    }

    [Fact]
    public void Substitutions_in_a_nested_include_are_relative_to_the_include_point()
    {
        Write("svc.conf", "port = 80\nurl = \"http://host:\"${port}");
        var main = Write("main.conf", "svc { include \"svc.conf\" }");

        ConfigurationFactory.ParseFile(main).GetString("svc.url").Should().Be("http://host:80");
    }

    [Fact]
    public void Nested_include_may_still_refer_to_keys_of_the_root()
    {
        Write("svc.conf", "url = ${host}\":\"${port}");
        var main = Write("main.conf", "host = example\nsvc {\n  port = 80\n  include \"svc.conf\"\n}");

        ConfigurationFactory.ParseFile(main).GetString("svc.url").Should().Be("example:80");
    }

    [Fact]
    public void Includes_nest_relative_to_each_included_file()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "sub"));
        Write("sub/inner.conf", "inner = yes");
        Write("sub/outer.conf", "include \"inner.conf\"\nouter = yes");
        var main = Write("main.conf", "include \"sub/outer.conf\"");

        var config = ConfigurationFactory.ParseFile(main);

        config.GetBoolean("inner").Should().BeTrue();
        config.GetBoolean("outer").Should().BeTrue();
    }

    [Fact]
    public void Missing_optional_include_is_ignored()
    {
        var main = Write("main.conf", "include \"absent.conf\"\na = 1");

        ConfigurationFactory.ParseFile(main).Keys.Should().Equal("a");
    }

    [Fact]
    public void File_include_form_reads_the_file()
    {
        Write("f.conf", "from-file = 1");
        var main = Write("main.conf", "include file(\"f.conf\")");

        ConfigurationFactory.ParseFile(main).GetInt("from-file").Should().Be(1);
    }

    [Fact]
    public void Required_include_reads_an_existing_file()
    {
        Write("r.conf", "r = 1");
        var main = Write("main.conf", "include required(\"r.conf\")\ninclude required(file(\"r.conf\"))");

        ConfigurationFactory.ParseFile(main).GetInt("r").Should().Be(1);
    }

    [Fact]
    public void Missing_required_include_fails_naming_the_file_and_position()
    {
        var main = Write("main.conf", "a = 1\n  include required(file(\"gone.conf\"))");

        var act = () => ConfigurationFactory.ParseFile(main);

        var error = act.Should().Throw<HoconParseException>().WithMessage("*gone.conf*").Which;
        error.Line.Should().Be(2);
        error.Column.Should().Be(3);
        error.File.Should().Be(main);
    }

    [Fact]
    public void Include_without_extension_finds_the_conf_file()
    {
        Write("base.conf", "b = 1");
        var main = Write("main.conf", "include \"base\"");

        ConfigurationFactory.ParseFile(main).GetInt("b").Should().Be(1);
    }

    [Fact]
    public void Substitutions_resolve_across_included_and_including_files()
    {
        Write("paths.conf", "bin = ${home}/bin");
        var main = Write("main.conf", "home = /opt\ninclude \"paths.conf\"");

        ConfigurationFactory.ParseFile(main).GetString("bin").Should().Be("/opt/bin");
    }

    [Fact]
    public void Errors_in_included_files_name_that_file()
    {
        var broken = Write("broken.conf", "ok = 1\nbad = \"unterminated");
        var main = Write("main.conf", "include \"broken.conf\"");

        var act = () => ConfigurationFactory.ParseFile(main);

        var error = act.Should().Throw<HoconParseException>().Which;
        error.File.Should().Be(broken);
        error.Line.Should().Be(2);
        error.Column.Should().Be(7);
    }

    [Fact]
    public void A_file_including_itself_is_reported()
    {
        var main = Write("loop.conf", "include \"loop.conf\"");

        var act = () => ConfigurationFactory.ParseFile(main);

        act.Should().Throw<HoconParseException>().WithMessage("*include cycle*");
    }

    [Fact]
    public void Parse_string_with_an_origin_path_includes_relative_to_that_path()
    {
        Write("side.conf", "side = 1");

        var config = ConfigurationFactory.ParseString("include \"side.conf\"", Path.Combine(_directory, "virtual.conf"));

        config.GetInt("side").Should().Be(1);
    }

    [Fact]
    public void Include_resolver_supplies_included_text()
    {
        var files = new Dictionary<string, string> { ["shared.conf"] = "shared = 1\nlevel = shared" };

        var config = ConfigurationFactory.ParseString(
            "include required(\"shared.conf\")\ninclude \"missing.conf\"\nlevel = main",
            "app.conf",
            name => files.GetValueOrDefault(name));

        config.GetInt("shared").Should().Be(1);
        config.GetString("level").Should().Be("main");
    }

    [Fact]
    public void Include_resolver_reports_missing_required_files_with_the_origin_name()
    {
        var act = () => ConfigurationFactory.ParseString("include required(\"nope.conf\")", "app.conf", _ => null);

        act.Should().Throw<HoconParseException>().WithMessage("app.conf:1:1:*nope.conf*");
    }

    [Fact]
    public void Parse_file_of_a_missing_file_is_a_config_exception()
    {
        var act = () => ConfigurationFactory.ParseFile(Path.Combine(_directory, "none.conf"));

        act.Should().Throw<ConfigException>().WithMessage("*none.conf*");
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }
}
