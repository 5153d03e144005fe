using Mesos.Actors.Agent;

namespace Mesos.Actors.Tests.Agent;

public sealed class DirectoryNamesTests
{
    [Theory]
    [InlineData("task-1")]
    [InlineData("my.task_2")]
    [InlineData("..hidden")]
    [InlineData("日本語")]
    public void Ordinary_ids_are_accepted(string id)
    {
        DirectoryNames.Validate("Task ID", id).Should().BeNull();
    }

    [Fact]
    public void The_length_bound_counts_utf8_bytes()
    {
        DirectoryNames.Validate("Task ID", new string('x', 255)).Should().BeNull();
        DirectoryNames.Validate("Task ID", new string('é', 128)).Should().Contain("longer than 255 bytes");
    }

    [Theory]
    [InlineData("a\u0000b")]
    [InlineData("line\nbreak")]
    [InlineData("del\u007f")]
    public void Control_characters_are_refused(string id)
    {
        DirectoryNames.Validate("Task ID", id).Should().Contain("control characters");
    }
}
