using Mesos.Actors.Agent;
using Mesos.V1;

namespace Mesos.Actors.Tests.Agent;

public sealed class AttributeTextTests
{
    [Fact]
    public void Values_are_text_scalars_ranges_or_sets_by_their_form()
    {
        var attributes = AttributeText.Parse("rack:a;zone:west;level:3.5;ports:[1-5,8-9];tags:{x,y}");

        attributes.Select(a => (a.Name, a.Type)).Should().Equal(
            ("rack", Value.Types.Type.Text), ("zone", Value.Types.Type.Text), ("level", Value.Types.Type.Scalar),
            ("ports", Value.Types.Type.Ranges), ("tags", Value.Types.Type.Set));
        attributes[1].Text.Value.Should().Be("west");
        attributes[2].Scalar.Value.Should().Be(3.5);
        attributes[3].Ranges.Range.Select(r => (r.Begin, r.End)).Should().Equal((1UL, 5UL), (8UL, 9UL));
        attributes[4].Set.Item.Should().Equal("x", "y");
    }

    [Fact]
    public void No_attributes_is_an_empty_list()
    {
        AttributeText.Parse("").Should().BeEmpty();
    }

    [Theory]
    [InlineData("rack")]
    [InlineData(":a")]
    [InlineData("rack:")]
    [InlineData("ports:[5-1]")]
    [InlineData("tags:{x,y")]
    public void A_malformed_attribute_is_refused(string text)
    {
        var parse = () => AttributeText.Parse(text);

        parse.Should().Throw<FormatException>();
    }
}
