using Mesos.Actors.Configuration;

namespace Mesos.Actors.Tests.Configuration;

public sealed class ConcatenationTests
{
    private static Config Parse(string text) => ConfigurationFactory.ParseString(text);

    [Fact]
    public void Simple_values_concatenate_keeping_inner_whitespace()
    {
        Parse("a = foo  bar   baz  ").GetString("a").Should().Be("foo  bar   baz");
    }

    [Fact]
    public void Quoted_and_unquoted_strings_concatenate()
    {
        Parse("a = \"hello \"world 1 true").GetString("a").Should().Be("hello world 1 true");
    }

    [Fact]
    public void Substitutions_concatenate_with_strings()
    {
        var config = Parse("home = /opt/mesos\npath = ${home}\"/bin\"\nquoted = \"x\"${home}");

        config.GetString("path").Should().Be("/opt/mesos/bin");
        config.GetString("quoted").Should().Be("x/opt/mesos");
    }

    [Fact]
    public void Arrays_concatenate()
    {
        Parse("a = [1, 2] [3]").GetStringList("a").Should().Equal("1", "2", "3");
    }

    [Fact]
    public void Arrays_from_substitutions_concatenate()
    {
        Parse("base = [a, b]\nall = ${base} [c]").GetStringList("all").Should().Equal("a", "b", "c");
    }

    [Fact]
    public void Objects_concatenate_by_merging()
    {
        var config = Parse("o = { a : 1, c : { x : 1 } } { b : 2, c : { y : 2 } }");

        config.GetConfig("o").Keys.Should().Equal("a", "c", "b");
        config.GetInt("o.c.x").Should().Be(1);
        config.GetInt("o.c.y").Should().Be(2);
    }

    [Fact]
    public void Objects_from_substitutions_concatenate_with_literal_objects()
    {
        var config = Parse("defaults { timeout = 5s, retries = 3 }\nservice = ${defaults} { retries = 5 }");

        config.GetString("service.timeout").Should().Be("5s");
        config.GetInt("service.retries").Should().Be(5);
    }

    [Fact]
    public void Concatenating_an_object_with_a_string_is_an_error()
    {
        var act = () => Parse("o = { a : 1 }\nbad = ${o} text");

        act.Should().Throw<ConfigException>().WithMessage("*Cannot concatenate an object with a string*");
    }

    [Fact]
    public void Concatenated_numbers_become_a_string()
    {
        var config = Parse("version = 1 2");

        config.GetString("version").Should().Be("1 2");
        config.Invoking(c => c.GetInt("version")).Should().Throw<ConfigException>();
    }
}
