using System.Net;
using System.Text;
using System.Text.Json;
using Mesos.Actors.Protocol.Json;
using Mesos.V1.Master;
using Task = System.Threading.Tasks.Task;

namespace Mesos.Host.Tests.Http;

/// <summary>
/// Role weights and quotas through the v1 operator API and the v0 endpoints, on a cluster of its own
/// (one agent of 4 cpus). Each test uses roles of its own, as the cluster is shared.
/// </summary>
public sealed class RoleEndpointTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>, IDisposable
{
    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    private async Task<(HttpStatusCode Status, string Body)> Operator(string json)
    {
        using var response = await _http.PostAsync(cluster.MasterUrl("/api/v1"), new StringContent(json, Encoding.UTF8, "application/json"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<Response> Get(string type) => MesosJson.Parse<Response>((await Operator($$"""{"type":"{{type}}"}""")).Body);

    private async Task<JsonElement> V0(string path) => JsonDocument.Parse(await _http.GetStringAsync(cluster.MasterUrl(path))).RootElement;

    [Fact]
    public async Task UPDATE_WEIGHTS_shows_in_GET_WEIGHTS_GET_ROLES_and_the_v0_endpoints()
    {
        var (status, _) = await Operator("""{"type":"UPDATE_WEIGHTS","update_weights":{"weight_infos":[{"role":"analytics","weight":2.5}]}}""");
        status.Should().Be(HttpStatusCode.OK);

        (await Get("GET_WEIGHTS")).GetWeights.WeightInfos.Should().Contain(w => w.Role == "analytics" && w.Weight == 2.5);
        (await Get("GET_ROLES")).GetRoles.Roles.Should().Contain(r => r.Name == "analytics" && r.Weight == 2.5);
        (await V0("/master/weights")).EnumerateArray().Should().Contain(w => w.GetProperty("role").GetString() == "analytics" && w.GetProperty("weight").GetDouble() == 2.5);
        var role = (await V0("/master/roles")).GetProperty("roles").EnumerateArray().Single(r => r.GetProperty("name").GetString() == "analytics");
        role.GetProperty("weight").GetDouble().Should().Be(2.5);
        role.GetProperty("frameworks").GetArrayLength().Should().Be(0);
        role.GetProperty("resources").GetProperty("cpus").GetDouble().Should().Be(0);
    }

    [Fact]
    public async Task PUT_master_weights_sets_weights_and_refuses_bad_ones_whole()
    {
        using var put = await _http.PutAsync(cluster.MasterUrl("/master/weights"), new StringContent("""[{"role":"batch","weight":3}]""", Encoding.UTF8, "application/json"));
        put.StatusCode.Should().Be(HttpStatusCode.OK);

        foreach (var bad in new[] { """[{"role":"batch","weight":5},{"role":"web","weight":0}]""", """[{"role":"-batch","weight":5}]""", """{"role":"batch"}""", "[{" })
        {
            using var refused = await _http.PutAsync(cluster.MasterUrl("/master/weights"), new StringContent(bad, Encoding.UTF8, "application/json"));
            refused.StatusCode.Should().Be(HttpStatusCode.BadRequest, bad);
            (await refused.Content.ReadAsStringAsync()).Should().NotBeNullOrWhiteSpace();
        }

        var weights = (await Get("GET_WEIGHTS")).GetWeights.WeightInfos;
        weights.Should().Contain(w => w.Role == "batch" && w.Weight == 3);
        weights.Should().NotContain(w => w.Role == "web");
    }

    [Fact]
    public async Task UPDATE_QUOTA_shows_in_GET_QUOTA_GET_ROLES_and_master_quota()
    {
        var (status, body) = await Operator("""
            {"type":"UPDATE_QUOTA","update_quota":{"force":false,"quota_configs":[
              {"role":"ml","guarantees":{"cpus":1},"limits":{"cpus":2,"mem":1024}}]}}
            """);
        status.Should().Be(HttpStatusCode.OK, body);

        var quota = (await Get("GET_QUOTA")).GetQuota.Status;
        var config = quota.Configs.Single(c => c.Role == "ml");
        config.Guarantees["cpus"].Value.Should().Be(1);
        config.Limits["mem"].Value.Should().Be(1024);
        quota.Infos.Single(i => i.Role == "ml").Guarantee.Should().ContainSingle(r => r.Name == "cpus" && r.Scalar.Value == 1);
        (await Get("GET_ROLES")).GetRoles.Roles.Should().Contain(r => r.Name == "ml" && r.Weight == 1.0);
        (await V0("/master/quota")).GetProperty("configs").EnumerateArray().Should()
            .Contain(c => c.GetProperty("role").GetString() == "ml" && c.GetProperty("limits").GetProperty("cpus").GetDouble() == 2);
        var role = (await V0("/master/roles")).GetProperty("roles").EnumerateArray().Single(r => r.GetProperty("name").GetString() == "ml");
        var roleQuota = role.GetProperty("quota");
        roleQuota.GetProperty("guarantee").GetProperty("cpus").GetDouble().Should().Be(1);
        roleQuota.GetProperty("limit").GetProperty("mem").GetDouble().Should().Be(1024);
        roleQuota.GetProperty("consumed").GetProperty("cpus").GetDouble().Should().Be(0);
        foreach (var field in new[] { "allocated", "offered", "reserved" }) role.GetProperty(field).GetProperty("cpus").GetDouble().Should().Be(0);
    }

    [Theory]
    [InlineData("""{"type":"UPDATE_QUOTA"}""")]
    [InlineData("""{"type":"UPDATE_QUOTA","update_quota":{"quota_configs":[{"role":"*","guarantees":{"cpus":1}}]}}""")]
    [InlineData("""{"type":"UPDATE_QUOTA","update_quota":{"quota_configs":[{"role":"qa//x","guarantees":{"cpus":1}}]}}""")]
    [InlineData("""{"type":"UPDATE_QUOTA","update_quota":{"quota_configs":[{"role":"qa","guarantees":{"cpus":2},"limits":{"cpus":1}}]}}""")]
    [InlineData("""{"type":"UPDATE_QUOTA","update_quota":{"quota_configs":[{"role":"qa","guarantees":{"cpus":-1}}]}}""")]
    [InlineData("""{"type":"UPDATE_QUOTA","update_quota":{"quota_configs":[{"role":"qa","guarantees":{"cpus":100}}]}}""")]
    [InlineData("""{"type":"UPDATE_QUOTA","update_quota":{"quota_configs":[{"role":"qa","guarantees":{"cpus":1}},{"role":"qa/x","guarantees":{"cpus":2}}]}}""")]
    [InlineData("""{"type":"UPDATE_WEIGHTS"}""")]
    [InlineData("""{"type":"UPDATE_WEIGHTS","update_weights":{"weight_infos":[{"role":"qa","weight":-1}]}}""")]
    public async Task Bad_weight_and_quota_updates_answer_400_and_change_nothing(string json)
    {
        var (status, body) = await Operator(json);
        status.Should().Be(HttpStatusCode.BadRequest);
        body.Should().NotBeNullOrWhiteSpace();

        (await Get("GET_QUOTA")).GetQuota.Status.Configs.Should().NotContain(c => c.Role.StartsWith("qa", StringComparison.Ordinal) || c.Role == "*");
        (await Get("GET_WEIGHTS")).GetWeights.WeightInfos.Should().NotContain(w => w.Role == "qa");
    }

    [Fact]
    public async Task A_guarantee_beyond_the_cluster_is_set_with_force()
    {
        var (status, body) = await Operator("""{"type":"UPDATE_QUOTA","update_quota":{"force":true,"quota_configs":[{"role":"big","guarantees":{"cpus":100}}]}}""");
        status.Should().Be(HttpStatusCode.OK, body);
        (await Get("GET_QUOTA")).GetQuota.Status.Configs.Should().Contain(c => c.Role == "big");

        // Other tests set guarantees without force, which must fit next to this one.
        (await Operator("""{"type":"UPDATE_QUOTA","update_quota":{"quota_configs":[{"role":"big"}]}}""")).Status.Should().Be(HttpStatusCode.OK);
        (await Get("GET_QUOTA")).GetQuota.Status.Configs.Should().NotContain(c => c.Role == "big");
    }

    [Fact]
    public async Task POST_and_DELETE_master_quota_set_and_remove_a_quota()
    {
        const string request = """{"role":"legacy","guarantee":[{"name":"cpus","type":"SCALAR","scalar":{"value":1}}]}""";
        using (var post = await _http.PostAsync(cluster.MasterUrl("/master/quota"), new StringContent(request, Encoding.UTF8, "application/json")))
        {
            post.StatusCode.Should().Be(HttpStatusCode.OK, await post.Content.ReadAsStringAsync());
        }
        var config = (await Get("GET_QUOTA")).GetQuota.Status.Configs.Single(c => c.Role == "legacy");
        config.Limits["cpus"].Value.Should().Be(1);

        foreach (var bad in new[] { request, "{", """{"role":"legacy2","guarantee":[{"name":"cpus","type":"SCALAR","scalar":{"value":-1}}]}""" })
        {
            using var refused = await _http.PostAsync(cluster.MasterUrl("/master/quota"), new StringContent(bad, Encoding.UTF8, "application/json"));
            refused.StatusCode.Should().Be(HttpStatusCode.BadRequest, bad);
            (await refused.Content.ReadAsStringAsync()).Should().NotBeNullOrWhiteSpace();
        }

        using (var delete = await _http.DeleteAsync(cluster.MasterUrl("/master/quota/legacy")))
        {
            delete.StatusCode.Should().Be(HttpStatusCode.OK);
        }
        (await Get("GET_QUOTA")).GetQuota.Status.Configs.Should().NotContain(c => c.Role.StartsWith("legacy", StringComparison.Ordinal));
        using var again = await _http.DeleteAsync(cluster.MasterUrl("/master/quota/legacy"));
        again.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task SET_QUOTA_and_REMOVE_QUOTA_work_on_the_v1_API()
    {
        var (status, body) = await Operator("""
            {"type":"SET_QUOTA","set_quota":{"quota_request":{"role":"old","guarantee":[{"name":"mem","type":"SCALAR","scalar":{"value":64}}]}}}
            """);
        status.Should().Be(HttpStatusCode.OK, body);
        (await Get("GET_QUOTA")).GetQuota.Status.Configs.Single(c => c.Role == "old").Guarantees["mem"].Value.Should().Be(64);

        (await Operator("""{"type":"SET_QUOTA"}""")).Status.Should().Be(HttpStatusCode.BadRequest);
        (await Operator("""{"type":"REMOVE_QUOTA"}""")).Status.Should().Be(HttpStatusCode.BadRequest);
        (await Operator("""{"type":"REMOVE_QUOTA","remove_quota":{"role":"old"}}""")).Status.Should().Be(HttpStatusCode.OK);
        (await Get("GET_QUOTA")).GetQuota.Status.Configs.Should().NotContain(c => c.Role == "old");
    }

    [Fact]
    public async Task A_subscribed_framework_is_listed_under_its_role_with_what_it_is_offered()
    {
        await using var framework = await TestFramework.Subscribe(cluster.Master, "role-lister");
        var roles = (await Get("GET_ROLES")).GetRoles.Roles;
        roles.Should().Contain(r => r.Name == "*" && r.Frameworks.Any(f => f.Value == framework.FrameworkId));

        var star = (await V0("/master/roles")).GetProperty("roles").EnumerateArray().Single(r => r.GetProperty("name").GetString() == "*");
        star.GetProperty("frameworks").EnumerateArray().Select(f => f.GetString()).Should().Contain(framework.FrameworkId);
    }
}
