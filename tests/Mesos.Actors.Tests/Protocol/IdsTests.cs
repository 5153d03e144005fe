using Mesos.Actors.Protocol;

namespace Mesos.Actors.Tests.Protocol;

public sealed class IdsTests
{
    private const string Master = "324b0583-65ed-4a3b-956d-7fc0e41a0554";

    [Fact]
    public void Minted_ids_have_Mesos_formats()
    {
        Ids.FrameworkId(Master, 4).Should().Be($"{Master}-0004");
        Ids.FrameworkId(Master, 12345).Should().Be($"{Master}-12345");
        Ids.AgentId(Master, 1).Should().Be($"{Master}-S1");
        Ids.OfferId(Master, 4).Should().Be($"{Master}-O4");
    }

    [Theory]
    [InlineData("whizbang")]
    [InlineData("task.with-dots_and:colons")]
    [InlineData("ünïcode")]
    [InlineData("日本語")]
    [InlineData("..hidden")]
    [InlineData("my task")]
    public void Ordinary_ids_are_valid_directory_names(string id)
    {
        Ids.ValidatePathComponent(id).Should().BeNull();
    }

    [Theory]
    [InlineData(null, "must not be empty")]
    [InlineData("", "must not be empty")]
    [InlineData(".", "disallowed")]
    [InlineData("..", "disallowed")]
    [InlineData("a/b", "path separator")]
    [InlineData("a\\b", "path separator")]
    [InlineData("a\nb", "control character")]
    [InlineData("a\0b", "control character")]
    [InlineData("del\u007f", "control character")]
    [InlineData("a\tb", "control character")]
    [InlineData("a\u00a0b", "whitespace")]
    [InlineData("a\u2028b", "whitespace")]
    [InlineData("a\u3000b", "whitespace")]
    public void Ids_that_would_escape_or_break_a_path_are_refused(string? id, string reason)
    {
        Ids.ValidatePathComponent(id, "Task ID").Should().StartWith("Task ID").And.Contain(reason);
    }

    [Fact]
    public void Length_is_bounded_in_bytes()
    {
        Ids.ValidatePathComponent(new string('x', Ids.MaxPathIdBytes)).Should().BeNull();
        Ids.ValidatePathComponent(new string('x', Ids.MaxPathIdBytes + 1)).Should().Contain("at most 255");
        Ids.ValidatePathComponent(new string('é', 128)).Should().Contain("256 bytes");
    }
}
