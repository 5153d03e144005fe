using Mesos.Actors.Configuration;

namespace Mesos.Actors.Tests.Configuration;

public sealed class SyntaxTests
{
    private static Config Parse(string text) => ConfigurationFactory.ParseString(text);

    [Fact]
    public void Root_object_may_omit_braces()
    {
        Parse("a = 1\nb = two").GetString("b").Should().Be("two");
    }

    [Fact]
    public void Root_object_may_use_braces()
    {
        var config = Parse("{ a = 1, b = 2 }");

        config.GetInt("a").Should().Be(1);
        config.GetInt("b").Should().Be(2);
    }

    [Fact]
    public void Json_documents_parse()
    {
        var config = Parse("""{ "name": "mesos", "ports": [5050, 5051], "nested": { "on": true } }""");

        config.GetString("name").Should().Be("mesos");
        config.GetStringList("ports").Should().Equal("5050", "5051");
        config.GetBoolean("nested.on").Should().BeTrue();
    }

    [Fact]
    public void Colon_and_equals_are_both_separators()
    {
        var config = Parse("a : 1\nb = 2");

        config.GetInt("a").Should().Be(1);
        config.GetInt("b").Should().Be(2);
    }

    [Fact]
    public void Separator_may_be_omitted_before_an_object()
    {
        Parse("a { b = 1 }").GetInt("a.b").Should().Be(1);
    }

    [Fact]
    public void Dotted_keys_create_nested_objects()
    {
        var config = Parse("a.b.c = 1");

        config.GetConfig("a").Keys.Should().Equal("b");
        config.GetInt("a.b.c").Should().Be(1);
    }

    [Fact]
    public void Quoted_keys_keep_dots_as_part_of_the_key()
    {
        var config = Parse("\"a.b\" = 1\nx.\"y.z\".w = 2");

        config.Keys.Should().Equal("a.b", "x");
        config.GetInt("\"a.b\"").Should().Be(1);
        config.GetInt("x.\"y.z\".w").Should().Be(2);
    }

    [Fact]
    public void Commas_are_optional_between_newline_separated_fields()
    {
        var config = Parse("a = 1\nb = 2,\nc = 3");

        config.Keys.Should().Equal("a", "b", "c");
    }

    [Fact]
    public void Trailing_commas_are_allowed_in_objects_and_arrays()
    {
        var config = Parse("a { x = 1, y = 2, }\nlist = [1, 2, 3,]");

        config.GetConfig("a").Keys.Should().Equal("x", "y");
        config.GetStringList("list").Should().Equal("1", "2", "3");
    }

    [Fact]
    public void Array_elements_may_be_separated_by_newlines()
    {
        Parse("list = [\n  one\n  two\n  three\n]").GetStringList("list").Should().Equal("one", "two", "three");
    }

    [Fact]
    public void Hash_and_double_slash_start_comments()
    {
        var config = Parse("# heading\na = 1 # trailing\n// another\nb = 2 // trailing");

        config.Keys.Should().Equal("a", "b");
        config.GetString("a").Should().Be("1");
        config.GetString("b").Should().Be("2");
    }

    [Fact]
    public void Comment_markers_inside_quoted_strings_are_text()
    {
        Parse("url = \"http://host/#anchor\"").GetString("url").Should().Be("http://host/#anchor");
    }

    [Fact]
    public void Quoted_strings_decode_json_escapes()
    {
        Parse("""s = "tab\there \"quoted\" \\ \u0041\n" """).GetString("s").Should().Be("tab\there \"quoted\" \\ A\n");
    }

    [Fact]
    public void Triple_quoted_strings_span_lines_without_escapes()
    {
        var config = Parse("s = \"\"\"line one\nline \\n two \"quoted\"\"\"\"");

        config.GetString("s").Should().Be("line one\nline \\n two \"quoted\"");
    }

    [Fact]
    public void Unquoted_strings_may_contain_path_like_characters()
    {
        Parse("p = /usr/local/bin-x_1.0").GetString("p").Should().Be("/usr/local/bin-x_1.0");
    }

    [Fact]
    public void Numbers_are_read_as_numbers()
    {
        var config = Parse("i = 42\nn = -7\nd = 3.25\ne = 1e3\nbig = 9000000000");

        config.GetInt("i").Should().Be(42);
        config.GetInt("n").Should().Be(-7);
        config.GetDouble("d").Should().Be(3.25);
        config.GetDouble("e").Should().Be(1000);
        config.GetLong("big").Should().Be(9_000_000_000);
    }

    [Fact]
    public void Yes_and_on_are_strings_in_the_tree_but_booleans_when_read_as_booleans()
    {
        var config = Parse("a = yes\nb = on\nc = no\nd = off\ne = true\nf = false");

        config.GetString("a").Should().Be("yes");
        config.GetBoolean("a").Should().BeTrue();
        config.GetBoolean("b").Should().BeTrue();
        config.GetBoolean("c").Should().BeFalse();
        config.GetBoolean("d").Should().BeFalse();
        config.GetBoolean("e").Should().BeTrue();
        config.GetBoolean("f").Should().BeFalse();
        config.ToString().Should().Contain("\"a\" : \"yes\"").And.Contain("\"e\" : true");
    }

    [Fact]
    public void Null_values_count_as_missing()
    {
        var config = Parse("a = null");

        config.HasPath("a").Should().BeFalse();
        config.GetString("a", "fallback").Should().Be("fallback");
        config.Invoking(c => c.GetString("a")).Should().Throw<ConfigException>().WithMessage("*'a'*null*");
    }

    [Fact]
    public void Keys_lists_root_children_in_definition_order()
    {
        Parse("z = 1\na = 2\nm { x = 1 }\na = 3").Keys.Should().Equal("z", "a", "m");
    }

    [Fact]
    public void Empty_text_gives_an_empty_config()
    {
        var config = Parse("  \n# only a comment\n");

        config.IsEmpty.Should().BeTrue();
        Config.Empty.IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void Keys_may_contain_inner_whitespace()
    {
        Parse("a b c = 42").GetInt("\"a b c\"").Should().Be(42);
    }

    [Fact]
    public void Windows_line_endings_are_accepted()
    {
        var config = Parse("a = 1\r\nb = two words\r\nc {\r\n  d = 3\r\n}\r\n");

        config.GetInt("a").Should().Be(1);
        config.GetString("b").Should().Be("two words");
        config.GetInt("c.d").Should().Be(3);
    }

    [Fact]
    public void Fields_may_share_a_line_when_separated_by_commas()
    {
        var config = Parse("a=1,b=2 , c = 3");

        config.Keys.Should().Equal("a", "b", "c");
    }
}
