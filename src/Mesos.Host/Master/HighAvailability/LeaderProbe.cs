using System.Net;
using Mesos.Actors.Framework;

namespace Mesos.Host.Master.HighAvailability;

/// <summary>
/// Asks the other masters, before this one joins the cluster, whether one of them knows a leader (its
/// /master/redirect answers 307): then a cluster with a quorum exists, and this master must join it rather
/// than form one (<see cref="MasterCluster.ToConfig"/>, joinOnly).
/// </summary>
internal static class LeaderProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public static async Task<bool> AnotherLeads(MasterCluster cluster, CancellationToken cancel)
    {
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = Timeout };
        var answers = cluster.Masters.Where(m => !m.Equals(cluster.Self)).Select(m => Leads(http, m, cancel));
        return (await Task.WhenAll(answers)).Any(leads => leads);
    }

    private static async Task<bool> Leads(HttpClient http, MasterAddress master, CancellationToken cancel)
    {
        try
        {
            using var answer = await http.GetAsync($"http://{master}/master/redirect", cancel);
            return answer.StatusCode == HttpStatusCode.TemporaryRedirect;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}
