using System.Text.Json.Nodes;
using Google.Protobuf;
using Mesos.Actors.Protocol.Json;
using Mesos.V1;
using TaskStatus = Mesos.V1.TaskStatus;
using Mesos.V1.Scheduler;

namespace Mesos.Actors.Tests.Protocol;

public sealed class MesosJsonTests
{
    [Fact]
    public void Writes_proto_names_enum_names_base64_bytes_and_only_set_fields()
    {
        var status = new TaskStatus
        {
            TaskId = new TaskID { Value = "t1" },
            State = TaskState.TaskRunning,
            Source = TaskStatus.Types.Source.Executor,
            Timestamp = 1700000000.5,
            Uuid = ByteString.CopyFrom(1, 2, 3),
        };

        MesosJson.Serialize(status).Should().Be(
            "{\"task_id\":{\"value\":\"t1\"},\"state\":\"TASK_RUNNING\",\"source\":\"SOURCE_EXECUTOR\",\"timestamp\":1700000000.5,\"uuid\":\"AQID\"}");
    }

    [Fact]
    public void Writes_64_bit_integers_as_numbers_and_whole_doubles_with_a_fraction()
    {
        var time = new TimeInfo { Nanoseconds = 1795257483380923000 };
        var weight = new WeightInfo { Weight = 2 };

        MesosJson.Serialize(time).Should().Be("{\"nanoseconds\":1795257483380923000}");
        MesosJson.Serialize(weight).Should().Be("{\"weight\":2.0}");
    }

    [Fact]
    public void Scalar_maps_are_bare_numbers_with_Infinity_and_read_back()
    {
        var task = new TaskInfo
        {
            Name = "t", TaskId = new TaskID { Value = "t" }, AgentId = new AgentID { Value = "a" },
            Limits = { ["cpus"] = new Value.Types.Scalar { Value = 1.5 }, ["mem"] = new Value.Types.Scalar { Value = double.PositiveInfinity } },
        };

        var json = MesosJson.Serialize(task);

        JsonNode.Parse(json)!["limits"]!.ToJsonString().Should().Be("{\"cpus\":1.5,\"mem\":\"Infinity\"}");
        MesosJson.Parse<TaskInfo>(json).Should().Be(task);
    }

    [Fact]
    public void Round_trips_a_scheduler_accept_call()
    {
        var call = new Call
        {
            FrameworkId = new FrameworkID { Value = "f-0000" },
            Type = Call.Types.Type.Accept,
            Accept = new Call.Types.Accept
            {
                OfferIds = { new OfferID { Value = "m-O1" } },
                Operations =
                {
                    new Offer.Types.Operation
                    {
                        Type = Offer.Types.Operation.Types.Type.Launch,
                        Launch = new Offer.Types.Operation.Types.Launch
                        {
                            TaskInfos =
                            {
                                new TaskInfo
                                {
                                    Name = "sleep", TaskId = new TaskID { Value = "t" }, AgentId = new AgentID { Value = "m-S0" },
                                    Command = new CommandInfo { Value = "sleep 1", Shell = true },
                                    Resources = { new Resource { Name = "cpus", Type = Value.Types.Type.Scalar, Scalar = new Value.Types.Scalar { Value = 0.1 } } },
                                    Data = ByteString.CopyFromUtf8("payload"),
                                },
                            },
                        },
                    },
                },
                Filters = new Filters { RefuseSeconds = 5 },
            },
        };

        MesosJson.Parse<Call>(MesosJson.Serialize(call)).Should().Be(call);
    }

    [Fact]
    public void Reads_numbers_given_as_strings_and_ignores_unknown_fields()
    {
        var time = MesosJson.Parse<TimeInfo>("{\"nanoseconds\":\"12345678901234\",\"surprise\":{\"x\":[1]}}");

        time.Nanoseconds.Should().Be(12345678901234);
    }

    [Fact]
    public void Reads_the_top_level_message_of_an_ERROR_event_as_error_message()
    {
        var flat = MesosJson.Parse<Event>("{\"type\":\"ERROR\",\"message\":\"Framework has been removed\"}");
        var nested = MesosJson.Parse<Event>("{\"type\":\"ERROR\",\"error\":{\"message\":\"Framework has been removed\"}}");

        flat.Should().Be(nested);
        flat.Error.Message.Should().Be("Framework has been removed");
        MesosJson.Serialize(flat).Should().Be("{\"type\":\"ERROR\",\"error\":{\"message\":\"Framework has been removed\"}}");
    }

    [Theory]
    [InlineData("{\"type\":", "Failed to parse body into JSON")]
    [InlineData("[1,2]", "Expecting a JSON object")]
    [InlineData("{\"type\":\"ACCEPT\"} x", "Failed to parse body into JSON")]
    [InlineData("", "Failed to parse body into JSON")]
    [InlineData("{\"type\":1}", "Failed to parse 'type': Expecting a JSON string naming a value of enum 'Type', found a number")]
    [InlineData("{\"type\":\"SUBSCRIBE\",\"subscribe\":{\"framework_info\":{\"user\":\"\\ud800\",\"name\":\"n\"}}}", "subscribe.framework_info.user")]
    [InlineData("{\"type\":7.5}", "type")]
    [InlineData("{\"type\":\"SUBSCRIBE\",\"subscribe\":{\"framework_info\":{\"user\":\"u\"}}}", "Missing required fields: subscribe.framework_info.name")]
    [InlineData("{\"type\":\"DECLINE\",\"decline\":{\"offer_ids\":{\"value\":\"x\"}}}", "Expecting a JSON array")]
    [InlineData("{\"type\":\"DECLINE\",\"decline\":{\"filters\":{\"refuse_seconds\":true}}}", "decline.filters.refuse_seconds")]
    [InlineData("{\"type\":\"ACKNOWLEDGE\",\"acknowledge\":{\"agent_id\":{\"value\":\"a\"},\"task_id\":{\"value\":\"t\"},\"uuid\":\"***\"}}", "base64")]
    [InlineData("{\"type\":\"ACKNOWLEDGE\",\"acknowledge\":{\"agent_id\":{\"value\":\"a\"},\"task_id\":{\"value\":\"t\"},\"uuid\":\"\\ud800AA==\"}}", "acknowledge.uuid")]
    public void Malformed_input_gives_a_clear_error(string json, string expected)
    {
        var parse = () => MesosJson.Parse<Call>(json);

        parse.Should().Throw<MesosJsonException>().Which.Message.Should().Contain(expected);
    }

    [Fact]
    public void Integers_out_of_range_are_refused_with_the_path()
    {
        var parse = () => MesosJson.Parse<Address>("{\"port\":4294967296}");

        parse.Should().Throw<MesosJsonException>().Which.Path.Should().Be("port");
    }

    [Fact]
    public void Every_missing_required_field_is_named()
    {
        var parse = () => MesosJson.Parse<Offer>("{\"hostname\":\"h\"}");

        parse.Should().Throw<MesosJsonException>().WithMessage("Missing required fields: id, framework_id, agent_id");
    }

    [Fact]
    public void An_enum_name_it_does_not_know_leaves_an_optional_field_unset_as_Mesos_does()
    {
        var call = MesosJson.Parse<Call>("{\"type\":\"NO_SUCH_CALL\",\"framework_id\":{\"value\":\"f\"}}");
        var capabilities = MesosJson.Parse<FrameworkInfo>("{\"user\":\"u\",\"name\":\"n\",\"capabilities\":[{\"type\":\"FROM_THE_FUTURE\"},{\"type\":\"MULTI_ROLE\"}]}");

        call.HasType.Should().BeFalse();
        call.FrameworkId.Value.Should().Be("f");
        capabilities.Capabilities.Select(c => c.HasType).Should().Equal(false, true);
    }

    [Fact]
    public void An_enum_name_it_does_not_know_fails_a_required_field()
    {
        var parse = () => MesosJson.Parse<Resource>("{\"name\":\"cpus\",\"type\":\"NO_SUCH_TYPE\"}");

        parse.Should().Throw<MesosJsonException>().WithMessage("Failed to parse 'type': Failed to find enum for 'NO_SUCH_TYPE' in 'mesos.v1.Value.Type'");
    }

    [Theory]
    [InlineData("{\"state\":1,\"task_id\":{\"value\":\"t\"}}")]
    [InlineData("{\"state\":\"TASK_RUNNING\",\"source\":2,\"task_id\":{\"value\":\"t\"}}")]
    public void An_enum_given_as_a_number_is_refused_as_Mesos_refuses_it(string json)
    {
        var parse = () => MesosJson.Parse<TaskStatus>(json);

        parse.Should().Throw<MesosJsonException>().Which.Message.Should().Contain("Expecting a JSON string naming a value of enum");
    }

    [Fact]
    public void A_number_beyond_the_range_of_a_double_is_infinite_as_to_Mesos()
    {
        MesosJson.Parse<Filters>("{\"refuse_seconds\":1e999}").RefuseSeconds.Should().Be(double.PositiveInfinity);
        MesosJson.Parse<Filters>("{\"refuse_seconds\":-1e999}").RefuseSeconds.Should().Be(double.NegativeInfinity);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_refused_and_unknown_deep_values_are_skipped()
    {
        var deep = "{\"surprise\":" + new string('[', 200) + new string(']', 200) + "}";
        var shallow = "{\"nanoseconds\":5,\"surprise\":" + new string('[', 100) + "1" + new string(']', 100) + "}";

        var parse = () => MesosJson.Parse<TimeInfo>(deep);

        parse.Should().Throw<MesosJsonException>().WithMessage("Failed to parse body into JSON*depth*");
        MesosJson.Parse<TimeInfo>(shallow).Nanoseconds.Should().Be(5);
    }

    [Fact]
    public void Null_items_of_a_list_are_left_out_and_null_fields_are_absent()
    {
        var decline = MesosJson.Parse<Call.Types.Decline>("{\"offer_ids\":[null,{\"value\":\"o\"},null],\"filters\":null}");

        decline.OfferIds.Select(o => o.Value).Should().Equal("o");
        decline.Filters.Should().BeNull();
    }

    [Fact]
    public void A_hostile_value_is_echoed_cut_short_in_the_error()
    {
        var parse = () => MesosJson.Parse<Address>($"{{\"port\":\"{new string('9', 100_000)}x\"}}");

        parse.Should().Throw<MesosJsonException>().Which.Message.Length.Should().BeLessThan(200);
    }

    [Fact]
    public void Bytes_are_read_from_base64_with_or_without_escapes_and_whitespace()
    {
        MesosJson.Parse<TaskStatus>("{\"task_id\":{\"value\":\"t\"},\"state\":\"TASK_RUNNING\",\"data\":\"AQID\"}").Data.ToByteArray().Should().Equal(1, 2, 3);
        MesosJson.Parse<TaskStatus>("{\"task_id\":{\"value\":\"t\"},\"state\":\"TASK_RUNNING\",\"data\":\"AQ\\u0049D\"}").Data.ToByteArray().Should().Equal(1, 2, 3);
        MesosJson.Parse<TaskStatus>("{\"task_id\":{\"value\":\"t\"},\"state\":\"TASK_RUNNING\",\"data\":\"AQ ID\"}").Data.ToByteArray().Should().Equal(1, 2, 3);
    }
}
