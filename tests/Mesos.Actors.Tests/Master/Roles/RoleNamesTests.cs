using Mesos.Actors.Master.Roles;

namespace Mesos.Actors.Tests.Master.Roles;

public sealed class RoleNamesTests
{
    [Theory]
    [InlineData("*")]
    [InlineData("dev")]
    [InlineData("eng/dev")]
    [InlineData("a-b.c_d")]
    public void Valid_names_pass(string role) => RoleNames.Validate(role).Should().BeNull();

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("-dev")]
    [InlineData("/dev")]
    [InlineData("dev/")]
    [InlineData("eng//dev")]
    [InlineData("eng/./dev")]
    [InlineData("eng/../dev")]
    [InlineData("eng/-dev")]
    [InlineData("eng/*")]
    [InlineData("my role")]
    [InlineData("tab\there")]
    public void Invalid_names_are_refused_with_a_reason(string role) => RoleNames.Validate(role).Should().NotBeNullOrEmpty();

    [Fact]
    public void The_parent_of_a_nested_role_is_its_path_up_to_the_last_slash()
    {
        RoleNames.Parent("eng/dev/ci").Should().Be("eng/dev");
        RoleNames.Parent("eng").Should().BeNull();
    }
}
