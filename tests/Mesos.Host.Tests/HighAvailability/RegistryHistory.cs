extern alias testkit;

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using testkit::Mesos.TestKit.Linearizability;

namespace Mesos.Host.Tests.HighAvailability;

/// <summary>
/// Clients that change and read the registry (<see cref="RegistryCalls"/>) through any master of a
/// <see cref="HaCluster"/>, as operators do, and record each call as an operation of a history: invoked when
/// first sent, returned when answered. A call answered 307 follows the redirect (the follower did nothing).
/// A call that no master took (503 while none leads, a refused connection) did nothing and is left out. A
/// change whose outcome is unknown (a timeout, a broken connection, a failed registry write) may have
/// happened at any time after it was sent, or never: it stays pending. A read without an answer says nothing.
/// The history is bounded, so that a slow run cannot make it too long to check: at most <see cref="MaxAgents"/>
/// agents are admitted (each read of the agents records one operation per agent), and the clients stop once it
/// holds <see cref="MaxOperations"/> operations (<see cref="Full"/>).
/// </summary>
internal sealed class RegistryHistory(HaCluster cluster, int seed) : IDisposable
{
    /// <summary>Agents admitted at most; then the clients change weights instead.</summary>
    public const int MaxAgents = 20;

    /// <summary>Operations recorded at most; a run a few times longer than a healthy one stays below it.</summary>
    public const int MaxOperations = 30_000;

    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(5) };
    private readonly ConcurrentQueue<Operation<KeyValueInput, KeyValueOutput>> _operations = new();
    private readonly ConcurrentDictionary<string, byte> _hostnames = new(StringComparer.Ordinal);
    private int _unique;
    private int _acknowledged;
    private int _pending;

    public IReadOnlyList<Operation<KeyValueInput, KeyValueOutput>> Operations => [.. _operations];

    /// <summary>Changes a master acknowledged so far.</summary>
    public int Acknowledged => Volatile.Read(ref _acknowledged);

    /// <summary>Changes whose outcome no client learned.</summary>
    public int Pending => Volatile.Read(ref _pending);

    /// <summary>The history holds <see cref="MaxOperations"/> operations: the clients have stopped.</summary>
    public bool Full => _operations.Count >= MaxOperations;

    /// <summary>One client: a call at a time, every few milliseconds, until <paramref name="stop"/> or the history is full.</summary>
    public async Task Run(int client, CancellationToken stop)
    {
        var random = new Random(seed * 31 + client);
        var master = random.Next(cluster.Ports.Length);
        using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        try
        {
            while (await pace.WaitForNextTickAsync(stop) && !Full)
            {
                master = random.Next(7) switch
                {
                    0 => await Change(client, master, RegistryCalls.SetWeight(Pick(random, RegistryCalls.WeightRoles), 2 + Next())),
                    1 => await Change(client, master, RegistryCalls.SetQuota(Pick(random, RegistryCalls.QuotaRoles), Next() + 0.5)),
                    2 => await Change(client, master, RegistryCalls.RemoveQuota(Pick(random, RegistryCalls.QuotaRoles))),
                    3 when _hostnames.Count < MaxAgents => await Change(client, master, RegistryCalls.AdmitAgent($"agent-{Next()}")),
                    3 => await Change(client, master, RegistryCalls.SetWeight(Pick(random, RegistryCalls.WeightRoles), 2 + Next())),
                    4 => (await Observe(client, master, RegistryCalls.Weights)).Next,
                    5 => (await Observe(client, master, RegistryCalls.Quotas)).Next,
                    _ => (await Observe(client, master, RegistryCalls.Agents(() => [.. _hostnames.Keys]))).Next,
                };
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The history is complete.
        }
    }

    /// <summary>Reads every register through the leader, as the history's last word.</summary>
    public async Task ReadAll(int client)
    {
        foreach (var read in new[] { RegistryCalls.Weights, RegistryCalls.Quotas, RegistryCalls.Agents(() => [.. _hostnames.Keys]) })
        {
            var master = await cluster.LeaderAnswering(except: null);
            (await Observe(client, master, read)).Answered.Should().BeTrue("the leader answers once no fault is left");
        }
    }

    private int Next() => Interlocked.Increment(ref _unique);

    private static string Pick(Random random, string[] roles) => roles[random.Next(roles.Length)];

    private async Task<int> Change(int client, int master, RegistryCalls.Write write)
    {
        if (write.Input.Key.StartsWith("agent/", StringComparison.Ordinal)) _hostnames.TryAdd(write.Input.Key["agent/".Length..], 0);
        var call = Stopwatch.GetTimestamp();
        var (outcome, _, at) = await Execute(master, write.Path, write.Body);
        switch (outcome)
        {
            case Outcome.Done:
                _operations.Enqueue(new(client, write.Input, null, call, Stopwatch.GetTimestamp()));
                Interlocked.Increment(ref _acknowledged);
                break;
            case Outcome.Unknown:
                _operations.Enqueue(new(client, write.Input, null, call, Operation<KeyValueInput, KeyValueOutput>.Pending));
                Interlocked.Increment(ref _pending);
                break;
        }
        return outcome == Outcome.Done ? at : (at + 1) % cluster.Ports.Length;
    }

    /// <summary>Reads, and records what the answer says; <c>Next</c> is the master to ask next.</summary>
    private async Task<(bool Answered, int Next)> Observe(int client, int master, RegistryCalls.Read read)
    {
        var call = Stopwatch.GetTimestamp();
        var (outcome, answer, at) = await Execute(master, "/master/api/v1", read.Body);
        if (outcome != Outcome.Done || answer is not { } json) return (false, (at + 1) % cluster.Ports.Length);
        var returned = Stopwatch.GetTimestamp();
        foreach (var (key, value) in read.Values(json))
        {
            _operations.Enqueue(new(client, new KeyValueInput(KeyValueOp.Get, key, null), new KeyValueOutput(value), call, returned));
        }
        return (true, at);
    }

    private enum Outcome
    {
        Done,
        NotTaken,
        Unknown,
    }

    /// <summary>Posts <paramref name="body"/> to <paramref name="master"/>, following redirects; returns the master that answered last.</summary>
    private async Task<(Outcome Outcome, JsonElement? Answer, int Master)> Execute(int master, string path, string body)
    {
        for (var hop = 0; hop < 3; hop++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"http://{cluster.Endpoint(master)}{path}")
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            request.Headers.Accept.ParseAdd("application/json");
            HttpResponseMessage response;
            try
            {
                // Headers only: an agent's subscription answers with a stream that never ends.
                response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            }
            catch (HttpRequestException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
            {
                return (Outcome.NotTaken, null, master);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return (Outcome.Unknown, null, master);
            }
            using (response)
            {
                if (response.StatusCode == HttpStatusCode.TemporaryRedirect
                    && Enumerable.Range(0, cluster.Ports.Length).FirstOrDefault(m => $"//{cluster.Endpoint(m)}{path}" == response.Headers.Location?.OriginalString, -1) is var leader and >= 0)
                {
                    master = leader;
                    continue;
                }
                if (response.IsSuccessStatusCode)
                {
                    if (path != "/master/api/v1" || response.Content.Headers.ContentLength == 0) return (Outcome.Done, null, master);
                    try
                    {
                        return (Outcome.Done, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement, master);
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                    {
                        return (Outcome.Unknown, null, master);
                    }
                }
                // A refusal changed nothing.
                if ((int)response.StatusCode is >= 400 and < 500) return (Outcome.NotTaken, null, master);
                var text = await ReadText(response);
                // Followers and a gate without a master answer these before any master sees the call.
                return response.StatusCode == HttpStatusCode.ServiceUnavailable
                    && (text.Contains("No master leads", StringComparison.Ordinal) || text.Contains("does not lead", StringComparison.Ordinal))
                    ? (Outcome.NotTaken, null, master)
                    : (Outcome.Unknown, null, master);
            }
        }
        return (Outcome.NotTaken, null, master);
    }

    private static async Task<string> ReadText(HttpResponseMessage response)
    {
        try
        {
            return await response.Content.ReadAsStringAsync();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return "";
        }
    }

    public void Dispose() => _http.Dispose();
}
