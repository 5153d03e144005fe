using Google.Protobuf;
using Mesos.Actors.Protocol;
using Mesos.Actors.Protocol.Json;
using Mesos.V1.Scheduler;

namespace Mesos.Actors.Tests.Protocol;

public sealed class ProtocolCodecTests
{
    private static readonly Call Teardown = new() { Type = Call.Types.Type.Teardown, FrameworkId = new Mesos.V1.FrameworkID { Value = "f" } };

    private readonly ProtocolCodec _codec = new(maxBodyBytes: 1024);

    [Fact]
    public void Parses_JSON_and_protobuf_by_content_type()
    {
        _codec.Parse<Call>(MesosJson.SerializeToUtf8Bytes(Teardown), "application/json; charset=utf-8").Should().Be(Teardown);
        _codec.Parse<Call>(Teardown.ToByteArray(), "application/x-protobuf").Should().Be(Teardown);
    }

    [Theory]
    [InlineData(null, BodyFormat.Json)]
    [InlineData("", BodyFormat.Json)]
    [InlineData("*/*", BodyFormat.Json)]
    [InlineData("application/json", BodyFormat.Json)]
    [InlineData("application/x-protobuf", BodyFormat.Protobuf)]
    [InlineData("text/html, application/x-protobuf", BodyFormat.Protobuf)]
    [InlineData("application/json;q=0.5, application/x-protobuf", BodyFormat.Protobuf)]
    public void Replies_in_the_format_Accept_prefers(string? accept, BodyFormat expected)
    {
        var encoded = ProtocolCodec.Serialize(Teardown, accept);

        ProtocolCodec.AcceptFormat(accept).Should().Be(expected);
        encoded.ContentType.Should().Be(expected == BodyFormat.Json ? "application/json" : "application/x-protobuf");
        var back = expected == BodyFormat.Json ? MesosJson.Parse<Call>(encoded.Body) : Call.Parser.ParseFrom(encoded.Body);
        back.Should().Be(Teardown);
    }

    [Fact]
    public void Unsupported_media_types_are_refused()
    {
        var noContentType = () => _codec.Parse<Call>("{}"u8, null);
        var textPlain = () => _codec.Parse<Call>("{}"u8, "text/plain");
        var htmlOnly = () => ProtocolCodec.Serialize(Teardown, "text/html");

        noContentType.Should().Throw<UnsupportedMediaTypeException>().WithMessage("Expecting 'Content-Type' to be present");
        textPlain.Should().Throw<UnsupportedMediaTypeException>().Which.MediaType.Should().Be("text/plain");
        htmlOnly.Should().Throw<UnsupportedMediaTypeException>();
    }

    [Fact]
    public void Bodies_over_the_limit_are_refused()
    {
        var parse = () => _codec.Parse<Call>(new byte[1025], "application/json");

        parse.Should().Throw<BodyTooLargeException>().Which.Limit.Should().Be(1024);
    }

    [Fact]
    public void Malformed_or_incomplete_protobuf_gives_the_same_exception_as_JSON()
    {
        var garbage = () => _codec.Parse<Call>(new byte[] { 0x0A, 0xFF, 0x01 }, "application/x-protobuf");
        var incomplete = () => _codec.Parse<Call>(new Call { Type = Call.Types.Type.Kill, Kill = new Call.Types.Kill() }.ToByteArray(), "application/x-protobuf");

        garbage.Should().Throw<MesosJsonException>().WithMessage("Failed to parse body into Call*");
        incomplete.Should().Throw<MesosJsonException>().WithMessage("Missing required fields: kill.task_id");
    }
    [Fact]
    public void Protobuf_missing_a_required_field_deep_in_a_list_or_a_map_names_its_path()
    {
        var inList = new Mesos.V1.Offer
        {
            Id = new Mesos.V1.OfferID { Value = "o" }, FrameworkId = new Mesos.V1.FrameworkID { Value = "f" },
            AgentId = new Mesos.V1.AgentID { Value = "a" }, Hostname = "h",
            Resources = { new Mesos.V1.Resource { Name = "cpus", Type = Mesos.V1.Value.Types.Type.Scalar }, new Mesos.V1.Resource { Type = Mesos.V1.Value.Types.Type.Scalar } },
        };
        var inMap = new Mesos.V1.Quota.QuotaConfig { Role = "ml", Limits = { ["cpus"] = new Mesos.V1.Value.Types.Scalar() } };

        var list = () => _codec.Parse<Mesos.V1.Offer>(inList.ToByteArray(), "application/x-protobuf");
        var map = () => _codec.Parse<Mesos.V1.Quota.QuotaConfig>(inMap.ToByteArray(), "application/x-protobuf");

        list.Should().Throw<MesosJsonException>().WithMessage("Missing required fields: resources[1].name");
        map.Should().Throw<MesosJsonException>().WithMessage("Missing required fields: limits[cpus].value");
    }
}
