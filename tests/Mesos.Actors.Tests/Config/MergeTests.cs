using Mesos.Actors.Configuration;

namespace Mesos.Actors.Tests.Configuration;

public sealed class MergeTests
{
    private static Config Parse(string text) => ConfigurationFactory.ParseString(text);

    [Fact]
    public void Later_duplicate_key_wins()
    {
        Parse("a = 1\na = 2").GetInt("a").Should().Be(2);
    }

    [Fact]
    public void Duplicate_objects_merge_as_in_the_spec()
    {
        var config = Parse("foo { a : 42 }, foo { b : 43 }");

        config.GetInt("foo.a").Should().Be(42);
        config.GetInt("foo.b").Should().Be(43);
    }

    [Fact]
    public void Duplicate_objects_merge_recursively()
    {
        var config = Parse("a { b { x = 1, y = 1 } }\na { b { y = 2, z = 2 } }");

        config.GetInt("a.b.x").Should().Be(1);
        config.GetInt("a.b.y").Should().Be(2);
        config.GetInt("a.b.z").Should().Be(2);
    }

    [Fact]
    public void Dotted_keys_merge_into_existing_objects()
    {
        var config = Parse("a { x = 1 }\na.y = 2");

        config.GetConfig("a").Keys.Should().Equal("x", "y");
    }

    [Fact]
    public void A_non_object_replaces_an_earlier_object()
    {
        var config = Parse("a { x = 1 }\na = 5");

        config.GetInt("a").Should().Be(5);
        config.HasPath("a.x").Should().BeFalse();
    }

    [Fact]
    public void An_object_replaces_an_earlier_non_object()
    {
        var config = Parse("a = 5\na { x = 1 }");

        config.GetInt("a.x").Should().Be(1);
    }

    [Fact]
    public void An_object_after_a_non_object_does_not_bring_back_older_fields()
    {
        var config = Parse("a { old = 1 }\na = 5\na { new = 2 }");

        config.GetConfig("a").Keys.Should().Equal("new");
    }

    [Fact]
    public void With_fallback_prefers_the_receiver_and_merges_objects()
    {
        var app = Parse("a = 1\nnested { x = app }");
        var defaults = Parse("a = 0\nb = 2\nnested { x = default, y = default }");

        var merged = app.WithFallback(defaults);

        merged.GetInt("a").Should().Be(1);
        merged.GetInt("b").Should().Be(2);
        merged.GetString("nested.x").Should().Be("app");
        merged.GetString("nested.y").Should().Be("default");
        merged.Keys.Should().Equal("a", "nested", "b");
    }

    [Fact]
    public void With_fallback_leaves_both_inputs_unchanged()
    {
        var app = Parse("nested { x = 1 }");
        var defaults = Parse("nested { y = 2 }");

        _ = app.WithFallback(defaults);

        app.HasPath("nested.y").Should().BeFalse();
        defaults.HasPath("nested.x").Should().BeFalse();
    }

    [Fact]
    public void With_fallback_lets_a_receiver_value_replace_a_fallback_object()
    {
        var merged = Parse("a = flat").WithFallback(Parse("a { deep = 1 }"));

        merged.GetString("a").Should().Be("flat");
    }

    [Fact]
    public void With_fallback_on_empty_configs_returns_the_other_side()
    {
        var config = Parse("a = 1");

        Config.Empty.WithFallback(config).GetInt("a").Should().Be(1);
        config.WithFallback(Config.Empty).GetInt("a").Should().Be(1);
    }
}
