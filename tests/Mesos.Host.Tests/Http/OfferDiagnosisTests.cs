using System.Net;
using System.Text.Json;
using Mesos.V1.Scheduler;
using Task = System.Threading.Tasks.Task;

namespace Mesos.Host.Tests.Http;

/// <summary>/master/offer-diagnosis on a real master and agent: why a framework is or is not offered resources.</summary>
public sealed class OfferDiagnosisTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private readonly HttpClient _http = new();

    private async Task<JsonElement> Diagnosis(string frameworkId)
    {
        var response = await _http.GetAsync(cluster.MasterUrl($"/master/offer-diagnosis?framework_id={Uri.EscapeDataString(frameworkId)}"));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Fact]
    public async Task A_declined_offer_shows_as_a_recent_decline_and_a_live_filter_and_suppression_is_named()
    {
        await TestFramework.With(cluster.Master, "diagnosed", async framework =>
        {
            var offer = (await framework.Next(e => e.Type == Event.Types.Type.Offers)).Offers.Offers_[0];
            var held = await Diagnosis(framework.FrameworkId);
            held.GetProperty("connected").GetBoolean().Should().BeTrue();
            held.GetProperty("offers").EnumerateArray().Select(o => o.GetProperty("id").GetString()).Should().Equal(offer.Id.Value);

            using (await framework.Send(new Call { Type = Call.Types.Type.Decline, Decline = new() { OfferIds = { offer.Id }, Filters = new() { RefuseSeconds = 120 } } })) { }
            using (await framework.Send(new Call { Type = Call.Types.Type.Suppress })) { }

            var d = await Diagnosis(framework.FrameworkId);
            d.GetProperty("offers").GetArrayLength().Should().Be(0);
            var declined = d.GetProperty("recent_declines").EnumerateArray().Should().ContainSingle().Subject;
            declined.GetProperty("offer_id").GetString().Should().Be(offer.Id.Value);
            declined.GetProperty("slave_id").GetString().Should().Be(offer.AgentId.Value);
            declined.GetProperty("refuse_seconds").GetDouble().Should().Be(120);
            declined.GetProperty("resources").GetProperty("cpus").GetDouble().Should().Be(4);
            var filter = d.GetProperty("filters").EnumerateArray().Should().ContainSingle().Subject;
            filter.GetProperty("slave_id").GetString().Should().Be(offer.AgentId.Value);
            filter.GetProperty("role").GetString().Should().Be("*");
            (filter.GetProperty("expires").GetDouble() - declined.GetProperty("time").GetDouble()).Should().BeApproximately(120, 2);
            d.GetProperty("suppressed_roles").EnumerateArray().Select(r => r.GetString()).Should().Equal("*");
            var role = d.GetProperty("roles").EnumerateArray().Should().ContainSingle().Subject;
            role.GetProperty("role").GetString().Should().Be("*");
            role.GetProperty("suppressed").GetBoolean().Should().BeTrue();
            role.GetProperty("weight").GetDouble().Should().Be(1);
            d.GetProperty("free_unreserved").GetProperty("cpus").GetDouble().Should().Be(4);
            d.GetProperty("min_allocatable_resources").EnumerateArray().Should().NotBeEmpty();
            d.GetProperty("allocation_paused").GetBoolean().Should().BeFalse();
        });
    }

    [Fact]
    public async Task Without_an_id_it_is_a_bad_request_and_an_unknown_framework_is_not_found()
    {
        (await _http.GetAsync(cluster.MasterUrl("/master/offer-diagnosis"))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await _http.GetAsync(cluster.MasterUrl("/master/offer-diagnosis?framework_id=a&framework_id=b"))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await _http.GetAsync(cluster.MasterUrl("/master/offer-diagnosis?framework_id=..%2F..%2Fetc"))).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Master_slaves_answers_for_the_one_agent_slave_id_names()
    {
        var all = JsonDocument.Parse(await _http.GetStringAsync(cluster.MasterUrl("/master/slaves"))).RootElement.GetProperty("slaves");
        var id = all.EnumerateArray().First().GetProperty("id").GetString()!;
        var one = JsonDocument.Parse(await _http.GetStringAsync(cluster.MasterUrl($"/master/slaves?slave_id={id}"))).RootElement.GetProperty("slaves");
        one.EnumerateArray().Select(s => s.GetProperty("id").GetString()).Should().Equal(id);
        JsonDocument.Parse(await _http.GetStringAsync(cluster.MasterUrl("/master/slaves?slave_id=nobody"))).RootElement.GetProperty("slaves").GetArrayLength().Should().Be(0);
    }
}
