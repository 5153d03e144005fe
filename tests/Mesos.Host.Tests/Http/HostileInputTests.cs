using System.Net;
using System.Text;
using Mesos.Actors.Protocol.Json;
using Mesos.V1.Scheduler;

namespace Mesos.Host.Tests.Http;

/// <summary>
/// What a hostile client sends a real master: refused at once with a 400 and the reason, and the
/// master stays whole and readable afterwards.
/// </summary>
public sealed class HostileInputTests(MasterFixture master) : IClassFixture<MasterFixture>, IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public void Dispose() => _http.Dispose();

    private async Task<(HttpStatusCode Status, string Body)> Post(string path, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, master.Url(path)) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return (response.StatusCode, response.StatusCode == HttpStatusCode.OK && path == "/api/v1/scheduler" ? "" : await response.Content.ReadAsStringAsync());
    }

    private async Task EveryViewAnswers200()
    {
        foreach (var path in new[] { "/master/state", "/master/frameworks", "/master/state-summary", "/master/roles", "/master/quota" })
        {
            using var response = await _http.GetAsync(master.Url(path));
            response.StatusCode.Should().Be(HttpStatusCode.OK, path);
        }
        var quota = await Post("/api/v1", """{"type":"GET_QUOTA"}""");
        quota.Status.Should().Be(HttpStatusCode.OK);
    }

    private static string Subscribe(string frameworkInfoFields) =>
        $$$$"""{"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":"root","name":"hostile"{{{{frameworkInfoFields}}}}}}}""";

    public static TheoryData<string> HostileIds() => ["a b", "a/b", @"a\\b", @"a\u0001b", "ünï", ".", "..", "", new string('x', 300)];

    [Theory]
    [MemberData(nameof(HostileIds))]
    public async Task A_framework_id_that_is_no_valid_name_answers_400_with_the_reason(string id)
    {
        var (status, body) = await Post("/api/v1/scheduler", Subscribe($$$""","id":{"value":"{{{id}}}"}"""));

        status.Should().Be(HttpStatusCode.BadRequest);
        body.Should().StartWith("Framework ID");
        await EveryViewAnswers200();
    }

    [Theory]
    [MemberData(nameof(HostileIds))]
    public async Task An_agent_id_that_is_no_valid_name_answers_400_with_the_reason(string id)
    {
        var call = $$$$"""{"type":"SUBSCRIBE","agent_id":{"value":"{{{{id}}}}"},"subscribe":{"agent_info":{"hostname":"agent.test","port":5051}}}""";

        var (status, body) = await Post("/api/v1/agent", call);

        status.Should().Be(HttpStatusCode.BadRequest);
        body.Should().StartWith("Agent ID");
        await EveryViewAnswers200();
    }

    public static TheoryData<string, string> HostileAgentSubscriptions() => new()
    {
        { """ "attributes":[{"name":"rack","type":"TEXT"}] """, "attribute 'rack'" },
        { """ "attributes":[{"name":"cores","type":"SCALAR","scalar":{"value":"NaN"}}] """, "attribute 'cores'" },
        { """ "attributes":[{"name":"","type":"SET","set":{}}] """, "needs a name" },
        { """ "resources":[{"name":"cpus","type":"SCALAR","scalar":{"value":"Infinity"}}] """, "resources are invalid" },
    };

    [Theory]
    [MemberData(nameof(HostileAgentSubscriptions))]
    public async Task An_agent_that_says_of_itself_what_no_view_can_show_answers_400_and_every_view_stays_readable(string fields, string reason)
    {
        var call = $$$$"""{"type":"SUBSCRIBE","subscribe":{"agent_info":{"hostname":"agent.test","port":5051,{{{{fields}}}}}}}""";

        var (status, body) = await Post("/api/v1/agent", call);

        status.Should().Be(HttpStatusCode.BadRequest);
        body.Should().Contain(reason);
        await EveryViewAnswers200();
    }

    public static TheoryData<string, string> HostileAgentTasks() => new()
    {
        // Tasks the master would take as holding 3 of the agent's 2 cpus.
        { """{"name":"t","task_id":{"value":"t"},"framework_id":{"value":"f-0000"},"agent_id":{"value":"a-S0"},"state":"TASK_RUNNING","resources":[{"name":"cpus","type":"SCALAR","scalar":{"value":3}}]}""", "hold more than" },
        { """{"name":"t","task_id":{"value":".."},"framework_id":{"value":"f-0000"},"agent_id":{"value":"a-S0"},"state":"TASK_RUNNING","resources":[]}""", "Task ID" },
        { """{"name":"t","task_id":{"value":"t"},"framework_id":{"value":"a b"},"agent_id":{"value":"a-S0"},"state":"TASK_RUNNING","resources":[]}""", "Framework ID" },
    };

    [Theory]
    [MemberData(nameof(HostileAgentTasks))]
    public async Task An_agent_that_subscribes_with_tasks_it_cannot_hold_or_name_answers_400(string task, string reason)
    {
        var call = $$$$"""
            {"type":"SUBSCRIBE","subscribe":{"agent_info":{"hostname":"agent.test","port":5051,
            "resources":[{"name":"cpus","type":"SCALAR","scalar":{"value":2}}]},"tasks":[{{{{task}}}}]}}
            """;

        var (status, body) = await Post("/api/v1/agent", call);

        status.Should().Be(HttpStatusCode.BadRequest);
        body.Should().Contain(reason);
        await EveryViewAnswers200();
    }

    [Theory]
    [InlineData("\"NaN\"")]
    [InlineData("\"Infinity\"")]
    [InlineData("\"-Infinity\"")]
    [InlineData("-1")]
    [InlineData("1e20")]
    public async Task A_failover_timeout_that_is_no_duration_answers_400_on_subscribe_and_on_update(string timeout)
    {
        var (status, body) = await Post("/api/v1/scheduler", Subscribe($",\"failover_timeout\":{timeout}"));
        status.Should().Be(HttpStatusCode.BadRequest);
        body.Should().Contain("failover_timeout");

        await using var framework = await TestFramework.Subscribe($"127.0.0.1:{master.Port}", "updater");
        var update = MesosJson.Parse<Call>($$$$"""
            {"type":"UPDATE_FRAMEWORK","update_framework":{"framework_info":
            {"user":"root","name":"updater","id":{"value":"{{{{framework.FrameworkId}}}}"},"failover_timeout":{{{{timeout}}}}}}}
            """);
        using var updated = await framework.Send(update);
        updated.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await updated.Content.ReadAsStringAsync()).Should().Contain("failover_timeout");
        await EveryViewAnswers200();
    }

    [Theory]
    [InlineData("..")]
    [InlineData("a b")]
    [InlineData("a/../b")]
    [InlineData(@"a\u0007b")]
    public async Task A_role_name_Mesos_refuses_answers_400_on_subscribe(string role)
    {
        (await Post("/api/v1/scheduler", Subscribe($$$""","role":"{{{role}}}" """))).Status.Should().Be(HttpStatusCode.BadRequest);
        (await Post("/api/v1/scheduler", Subscribe($$$""","roles":["ok","{{{role}}}"],"capabilities":[{"type":"MULTI_ROLE"}]"""))).Status.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_10_KB_role_name_answers_400_on_subscribe()
    {
        var (status, body) = await Post("/api/v1/scheduler", Subscribe($$$""","role":"{{{new string('r', 10 * 1024)}}}" """));

        status.Should().Be(HttpStatusCode.BadRequest);
        body.Should().Contain("at most");
    }

    [Theory]
    [InlineData("1e308")]
    [InlineData("\"Infinity\"")]
    public async Task A_quota_no_resource_can_hold_answers_400_and_GET_QUOTA_stays_readable(string amount)
    {
        var update = $$$"""{"type":"UPDATE_QUOTA","update_quota":{"force":true,"quota_configs":[{"role":"huge","guarantees":{"cpus":{{{amount}}}}}]}}""";
        (await Post("/api/v1", update)).Status.Should().Be(HttpStatusCode.BadRequest);

        var limit = $$$"""{"type":"UPDATE_QUOTA","update_quota":{"force":true,"quota_configs":[{"role":"huge","limits":{"cpus":{{{amount}}}}}]}}""";
        (await Post("/api/v1", limit)).Status.Should().Be(HttpStatusCode.BadRequest);
        await EveryViewAnswers200();
    }

    [Fact]
    public async Task State_shows_an_agent_whose_hostname_does_not_resolve_at_the_address_it_came_from()
    {
        var call = """{"type":"SUBSCRIBE","subscribe":{"agent_info":{"hostname":"no-such-agent.invalid","port":5051}}}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, master.Url("/api/v1/agent")) { Content = new StringContent(call, Encoding.UTF8, "application/json") };
        using var subscription = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        subscription.StatusCode.Should().Be(HttpStatusCode.OK);

        using var state = await _http.GetAsync(master.Url("/master/state"));

        state.StatusCode.Should().Be(HttpStatusCode.OK);
        (await state.Content.ReadAsStringAsync()).Should().Contain("\"pid\":\"slave(1)@127.0.0.1:5051\"");
    }
}
