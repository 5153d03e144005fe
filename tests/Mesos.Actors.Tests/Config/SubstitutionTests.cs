using Mesos.Actors.Configuration;

namespace Mesos.Actors.Tests.Configuration;

public sealed class SubstitutionTests
{
    private static Config Parse(string text) => ConfigurationFactory.ParseString(text);

    private static string UniqueVariable() => "MESOS_HOCON_TEST_" + Guid.NewGuid().ToString("N");

    [Fact]
    public void Substitution_copies_a_value_keeping_its_type()
    {
        var config = Parse("port = 5050\ncopy = ${port}");

        config.GetInt("copy").Should().Be(5050);
    }

    [Fact]
    public void Substitution_may_refer_forward()
    {
        Parse("a = ${b}\nb = 7").GetInt("a").Should().Be(7);
    }

    [Fact]
    public void Substitution_sees_the_last_definition()
    {
        Parse("a = ${b}\nb = 1\nb = 2").GetInt("a").Should().Be(2);
    }

    [Fact]
    public void Substitution_of_an_object_copies_the_subtree()
    {
        var config = Parse("base { x = 1, y = 2 }\ncopy = ${base}");

        config.GetConfig("copy").Keys.Should().Equal("x", "y");
    }

    [Fact]
    public void Sibling_reference_inside_the_same_object_is_not_a_cycle()
    {
        Parse("bar : { foo : 42, baz : ${bar.foo} }").GetInt("bar.baz").Should().Be(42);
    }

    [Fact]
    public void Quoted_segments_are_allowed_in_substitution_paths()
    {
        Parse("\"a.b\" { c = 3 }\nd = ${\"a.b\".c}").GetInt("d").Should().Be(3);
    }

    [Fact]
    public void Self_reference_uses_the_previous_value()
    {
        var config = Parse("path : \"a:b:c\"\npath : ${path}\":d\"");

        config.GetString("path").Should().Be("a:b:c:d");
    }

    [Fact]
    public void Repeated_self_references_build_on_each_other()
    {
        Parse("p = a\np = ${p}b\np = ${p}c").GetString("p").Should().Be("abc");
    }

    [Fact]
    public void Self_reference_inside_a_nested_object_uses_the_previous_value()
    {
        Parse("a { b = 1 }\na { b = ${a.b}0 }").GetString("a.b").Should().Be("10");
    }

    [Fact]
    public void Self_reference_to_a_path_below_the_field_merges_as_in_the_spec()
    {
        var config = Parse("foo : { a : { c : 1 } }\nfoo : ${foo.a}\nfoo : { a : 2 }");

        config.GetInt("foo.a").Should().Be(2);
        config.GetInt("foo.c").Should().Be(1);
    }

    [Fact]
    public void Self_referential_array_concatenation_appends()
    {
        Parse("list = [1]\nlist = ${list} [2, 3]").GetStringList("list").Should().Equal("1", "2", "3");
    }

    [Fact]
    public void Plus_equals_appends_to_an_array()
    {
        Parse("list = [a]\nlist += b\nlist += c").GetStringList("list").Should().Equal("a", "b", "c");
    }

    [Fact]
    public void Plus_equals_creates_the_array_when_missing()
    {
        Parse("nested.list += only").GetStringList("nested.list").Should().Equal("only");
    }

    [Fact]
    public void Optional_substitution_that_is_missing_removes_the_field()
    {
        var config = Parse("a = ${?does.not.exist}");

        config.HasPath("a").Should().BeFalse();
    }

    [Fact]
    public void Optional_substitution_that_is_missing_keeps_an_earlier_value()
    {
        var variable = UniqueVariable();

        Parse($"basedir = /default\nbasedir = ${{?{variable}}}").GetString("basedir").Should().Be("/default");
    }

    [Fact]
    public void Optional_substitution_that_is_missing_is_empty_inside_a_concatenation()
    {
        Parse("a = x${?nothing.here}y").GetString("a").Should().Be("xy");
    }

    [Fact]
    public void Optional_substitution_falls_back_to_an_environment_variable()
    {
        var variable = UniqueVariable();
        Environment.SetEnvironmentVariable(variable, "from-env");
        try
        {
            Parse($"value = ${{?{variable}}}").GetString("value").Should().Be("from-env");
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void Required_substitution_falls_back_to_an_environment_variable()
    {
        var variable = UniqueVariable();
        Environment.SetEnvironmentVariable(variable, "/srv");
        try
        {
            Parse($"dir = ${{{variable}}}/data").GetString("dir").Should().Be("/srv/data");
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void Config_values_take_precedence_over_environment_variables()
    {
        var variable = UniqueVariable();
        Environment.SetEnvironmentVariable(variable, "from-env");
        try
        {
            Parse($"{variable} = from-config\nvalue = ${{{variable}}}").GetString("value").Should().Be("from-config");
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void Environment_override_pattern_uses_the_variable_when_set()
    {
        var variable = UniqueVariable();
        Environment.SetEnvironmentVariable(variable, "/forced");
        try
        {
            Parse($"basedir = /default\nbasedir = ${{?{variable}}}").GetString("basedir").Should().Be("/forced");
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void Missing_required_substitution_names_the_path_and_position()
    {
        var act = () => Parse("a = 1\nb = ${missing.key}");

        act.Should().Throw<ConfigException>().WithMessage("*${missing.key}*<string>:2:5*");
    }

    [Fact]
    public void Cycles_are_detected()
    {
        var act = () => Parse("a = ${b}\nb = ${c}\nc = ${a}");

        act.Should().Throw<ConfigException>().WithMessage("Cycle in substitutions*");
    }

    [Fact]
    public void A_field_referring_to_its_own_object_is_a_cycle()
    {
        var act = () => Parse("foo : { a : ${foo} }");

        act.Should().Throw<ConfigException>().WithMessage("Cycle in substitutions*");
    }

    [Fact]
    public void Self_reference_without_a_previous_value_is_an_error()
    {
        var act = () => Parse("nowhere.to.be.found = ${nowhere.to.be.found}x");

        act.Should().Throw<ConfigException>().WithMessage("*${nowhere.to.be.found}*");
    }

    [Fact]
    public void Substitutions_are_resolved_inside_arrays()
    {
        Parse("host = h\nlist = [${host}, \"${host}\"]").GetStringList("list").Should().Equal("h", "${host}");
    }

    [Fact]
    public void Substitution_may_refer_to_an_object_later_merged_with_more_fields()
    {
        var config = Parse("a { x = 1 }\nb = ${a}\na { y = 2 }");

        config.GetConfig("b").Keys.Should().Equal("x", "y");
    }

    [Fact]
    public void Object_merged_over_a_substitution_keeps_the_substituted_fields()
    {
        var config = Parse("defaults { t = 1, u = 2 }\nsvc = ${defaults}\nsvc { u = 3 }");

        config.GetInt("svc.t").Should().Be(1);
        config.GetInt("svc.u").Should().Be(3);
        config.GetInt("defaults.u").Should().Be(2);
    }
}
