using Mesos.Actors.Configuration;

namespace Mesos.Actors.Tests.Configuration;

public sealed class ConfigAccessTests
{
    private static Config Parse(string text) => ConfigurationFactory.ParseString(text);

    [Fact]
    public void Has_path_checks_nested_paths()
    {
        var config = Parse("a.b.c = 1");

        config.HasPath("a").Should().BeTrue();
        config.HasPath("a.b.c").Should().BeTrue();
        config.HasPath("a.b.d").Should().BeFalse();
        config.HasPath("a.b.c.d").Should().BeFalse();
    }

    [Fact]
    public void Missing_paths_throw_naming_the_path()
    {
        var config = Parse("a = 1");

        config.Invoking(c => c.GetString("x.y")).Should().Throw<ConfigException>().WithMessage("Config path 'x.y' is missing");
        config.Invoking(c => c.GetInt("x")).Should().Throw<ConfigException>();
        config.Invoking(c => c.GetStringList("x")).Should().Throw<ConfigException>();
    }

    [Fact]
    public void Defaults_are_used_only_for_missing_paths()
    {
        var config = Parse("s = text\ni = 3\nl = 4\nd = 1.5\nb = off");

        config.GetString("none", "dflt").Should().Be("dflt");
        config.GetString("s", "dflt").Should().Be("text");
        config.GetInt("none", 9).Should().Be(9);
        config.GetInt("i", 9).Should().Be(3);
        config.GetLong("none", 9).Should().Be(9);
        config.GetLong("l", 9).Should().Be(4);
        config.GetDouble("none", 0.5).Should().Be(0.5);
        config.GetDouble("d", 0.5).Should().Be(1.5);
        config.GetBoolean("none", true).Should().BeTrue();
        config.GetBoolean("b", true).Should().BeFalse();
    }

    [Fact]
    public void Wrong_types_are_reported_with_both_types()
    {
        var config = Parse("s = text\no { x = 1 }\nl = [1]");

        config.Invoking(c => c.GetInt("s")).Should().Throw<ConfigException>().WithMessage("*'s'*");
        config.Invoking(c => c.GetDouble("s")).Should().Throw<ConfigException>()
            .WithMessage("Config path 's' has type STRING, expected NUMBER");
        config.Invoking(c => c.GetString("o")).Should().Throw<ConfigException>()
            .WithMessage("Config path 'o' has type OBJECT, expected STRING");
        config.Invoking(c => c.GetBoolean("s")).Should().Throw<ConfigException>()
            .WithMessage("Config path 's' has type STRING, expected BOOLEAN");
        config.Invoking(c => c.GetStringList("s")).Should().Throw<ConfigException>()
            .WithMessage("Config path 's' has type STRING, expected LIST");
        config.Invoking(c => c.GetConfig("l")).Should().Throw<ConfigException>()
            .WithMessage("Config path 'l' has type LIST, expected OBJECT");
    }

    [Fact]
    public void Default_overloads_still_reject_wrong_types()
    {
        Parse("s = text").Invoking(c => c.GetInt("s", 1)).Should().Throw<ConfigException>();
    }

    [Fact]
    public void Int_out_of_range_is_rejected_but_long_accepts_it()
    {
        var config = Parse("n = 3000000000");

        config.Invoking(c => c.GetInt("n")).Should().Throw<ConfigException>().WithMessage("*out of range*");
        config.GetLong("n").Should().Be(3_000_000_000);
    }

    [Fact]
    public void Numeric_strings_convert_to_numbers()
    {
        var config = Parse("n = \"12\"\nf = 2.0");

        config.GetInt("n").Should().Be(12);
        config.GetInt("f").Should().Be(2);
    }

    [Fact]
    public void Numbers_and_booleans_read_as_strings()
    {
        var config = Parse("n = 1.50\nb = true");

        config.GetString("n").Should().Be("1.50");
        config.GetString("b").Should().Be("true");
    }

    [Fact]
    public void String_list_reads_scalars()
    {
        Parse("l = [a, 2, true, \"q r\"]").GetStringList("l").Should().Equal("a", "2", "true", "q r");
    }

    [Fact]
    public void String_list_rejects_nested_objects()
    {
        Parse("l = [a, { x = 1 }]").Invoking(c => c.GetStringList("l")).Should().Throw<ConfigException>().WithMessage("*'l[1]'*OBJECT*");
    }

    [Fact]
    public void Config_list_reads_arrays_of_objects()
    {
        var list = Parse("agents = [ { host = a, port = 1 }, { host = b, port = 2 } ]").GetConfigList("agents");

        list.Select(c => c.GetString("host")).Should().Equal("a", "b");
        list.Select(c => c.GetInt("port")).Should().Equal(1, 2);
    }

    [Fact]
    public void Config_list_rejects_scalars()
    {
        Parse("l = [1]").Invoking(c => c.GetConfigList("l")).Should().Throw<ConfigException>().WithMessage("*expected OBJECT*");
    }

    [Fact]
    public void Get_config_returns_a_subtree_or_empty()
    {
        var config = Parse("master { port = 5050, quorum = 2 }");

        config.GetConfig("master").GetInt("port").Should().Be(5050);
        config.GetConfig("master").Keys.Should().Equal("port", "quorum");
        config.GetConfig("agent").IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void Invalid_paths_are_config_errors()
    {
        var config = Parse("a = 1");

        config.Invoking(c => c.HasPath("a..b")).Should().Throw<ConfigException>().WithMessage("Invalid path 'a..b'*");
        config.Invoking(c => c.GetString("")).Should().Throw<ConfigException>();
    }

    [Fact]
    public void To_string_renders_text_that_parses_back_to_the_same_config()
    {
        var config = Parse("""
            name = "multi\nline \"quoted\""
            port = 5050
            ratio = 0.5
            enabled = true
            nested { list = [1, two, { deep = x }], empty {} }
            "dotted.key" = v
            """);

        var rendered = config.ToString();
        var reparsed = ConfigurationFactory.ParseString(rendered);

        reparsed.ToString().Should().Be(rendered);
        reparsed.GetString("name").Should().Be("multi\nline \"quoted\"");
        reparsed.GetInt("port").Should().Be(5050);
        reparsed.GetString("\"dotted.key\"").Should().Be("v");
        reparsed.GetConfig("nested.empty").IsEmpty.Should().BeTrue();
    }
}
