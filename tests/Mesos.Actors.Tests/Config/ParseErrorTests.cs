using Mesos.Actors.Configuration;

namespace Mesos.Actors.Tests.Configuration;

public sealed class ParseErrorTests
{
    private static HoconParseException ErrorFor(string text, string? origin = null)
    {
        var act = () => ConfigurationFactory.ParseString(text, origin);
        return act.Should().Throw<HoconParseException>().Which;
    }

    [Fact]
    public void Unterminated_string_reports_where_it_starts()
    {
        var error = ErrorFor("a = 1\nb = \"open");

        error.Line.Should().Be(2);
        error.Column.Should().Be(5);
        error.Message.Should().Be("<string>:2:5: unterminated quoted string");
    }

    [Fact]
    public void Unterminated_triple_quoted_string_is_reported()
    {
        ErrorFor("a = \"\"\"never closed\n").Message.Should().Contain("1:5").And.Contain("unterminated triple-quoted string");
    }

    [Fact]
    public void Origin_name_appears_in_messages()
    {
        var error = ErrorFor("a = ]", "mesos.conf");

        error.File.Should().Be("mesos.conf");
        error.Message.Should().StartWith("mesos.conf:1:5: ");
    }

    [Fact]
    public void Unclosed_brace_is_reported_at_end_of_input()
    {
        var error = ErrorFor("a {\n  b = 1\n");

        error.Line.Should().Be(3);
        error.Message.Should().Contain("unbalanced braces").And.Contain("line 1, column 3");
    }

    [Fact]
    public void Extra_closing_brace_is_reported()
    {
        var error = ErrorFor("a = 1\n}");

        error.Line.Should().Be(2);
        error.Column.Should().Be(1);
        error.Message.Should().Contain("unbalanced braces");
    }

    [Fact]
    public void Unclosed_bracket_is_reported()
    {
        ErrorFor("a = [1, 2").Message.Should().Contain("'[' at line 1, column 5 is never closed");
    }

    [Fact]
    public void Key_without_value_is_reported_at_the_key()
    {
        var error = ErrorFor("a = 1\n  lonely\nb = 2");

        error.Line.Should().Be(2);
        error.Column.Should().Be(3);
        error.Message.Should().Contain("key 'lonely' has no value");
    }

    [Fact]
    public void Separator_without_value_is_reported()
    {
        ErrorFor("a = ").Message.Should().Contain("expected a value, found end of input");
    }

    [Fact]
    public void Unexpected_token_after_a_value_is_reported()
    {
        var error = ErrorFor("a = 1 = 2");

        error.Column.Should().Be(7);
        error.Message.Should().Contain("'='");
    }

    [Fact]
    public void Forbidden_characters_in_unquoted_text_are_reported()
    {
        var error = ErrorFor("a = b@c");

        error.Column.Should().Be(6);
        error.Message.Should().Contain("'@'");
    }

    [Fact]
    public void Double_commas_are_rejected()
    {
        ErrorFor("a = [1,,2]").Message.Should().Contain("expected a value, found ','");
    }

    [Theory]
    [InlineData("a = ${}", "empty path")]
    [InlineData("a = ${b", "missing closing '}'")]
    [InlineData("a = $b", "'$' must be followed by '{'")]
    [InlineData("a = ${b..c}", "empty element")]
    public void Invalid_substitution_syntax_is_reported(string text, string problem)
    {
        var error = ErrorFor(text);

        error.Line.Should().Be(1);
        error.Column.Should().Be(5);
        error.Message.Should().Contain("invalid substitution").And.Contain(problem);
    }

    [Fact]
    public void Invalid_escape_is_reported()
    {
        ErrorFor("a = \"bad \\q\"").Message.Should().Contain("invalid escape sequence '\\q'");
    }

    [Fact]
    public void Root_array_is_rejected()
    {
        ErrorFor("[1, 2]").Message.Should().Contain("root must be an object");
    }

    [Fact]
    public void Unsupported_include_forms_are_reported()
    {
        ErrorFor("include url(\"http://example.com/x.conf\")").Message.Should().Contain("url(");
    }

    [Fact]
    public void Parse_errors_are_config_exceptions()
    {
        var act = () => ConfigurationFactory.ParseString("a {");

        act.Should().Throw<ConfigException>();
    }
}
