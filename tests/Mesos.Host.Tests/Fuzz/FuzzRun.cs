using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace Mesos.Host.Tests.Fuzz;

/// <summary>What went wrong with one input, with all that is needed to see it and send it again.</summary>
internal sealed record Failure(FuzzInput Input, Outcome Outcome, string Problem);

/// <summary>
/// Sends generated inputs to a master and an agent in lanes that run at once (input i goes to lane
/// i % lanes, so that a run is made of the same inputs whatever the timing), and after each one checks
/// that both still answer /health, that the answer was a success or a refusal with a message (never a
/// 5xx, never a hang), that the master's state holds its invariants and, for inputs that could change
/// weights or quota and were refused, that they did not. Every so often the agent's tasks are checked
/// against the master's. Every failure is kept, to be printed; after <see cref="MaxFailures"/> the run stops.
/// </summary>
internal sealed class FuzzRun(int seed, int lanes, FuzzClient client, LiveFramework framework)
{
    /// <summary>How long an agent's tasks and the master's may take to agree after the inputs that changed them.</summary>
    private static readonly TimeSpan Convergence = TimeSpan.FromSeconds(30);

    private const int AgentCheckEvery = 500;

    /// <summary>How many failures are enough to stop: more would mostly repeat the first ones.</summary>
    public const int MaxFailures = 20;

    private readonly InputGenerator _generator = new(seed);
    private readonly ConcurrentDictionary<string, int> _kinds = new();
    private readonly ConcurrentDictionary<Endpoint, int> _endpoints = new();
    private readonly ConcurrentDictionary<string, int> _statuses = new();
    private readonly SemaphoreSlim _agentCheck = new(1, 1);
    private volatile IReadOnlyList<string> _agentIds = [];
    private readonly ConcurrentQueue<Failure> _failures = new();
    private int _sent;

    public int Sent => _sent;
    public IReadOnlyCollection<Failure> Failures => _failures;
    private bool Stopped => _failures.Count >= MaxFailures;
    public IReadOnlyDictionary<string, int> Kinds => _kinds;
    public IReadOnlyDictionary<Endpoint, int> Endpoints => _endpoints;
    public IReadOnlyDictionary<string, int> Statuses => _statuses;

    /// <summary>Sends inputs 0 to <paramref name="count"/> - 1 until done, a failure, or <paramref name="bound"/> has passed.</summary>
    public async Task Run(int count, TimeSpan bound)
    {
        using var stop = new CancellationTokenSource(bound);
        await Task.WhenAll(Enumerable.Range(0, lanes).Select(lane => Task.Run(async () =>
        {
            for (var index = lane; index < count && !Stopped && !stop.IsCancellationRequested; index += lanes)
            {
                await One(index);
                if (index > 0 && index % AgentCheckEvery == 0) await CheckAgent(index);
            }
        })));
    }

    /// <summary>Sends input <paramref name="index"/> alone and checks it, as the lane it belongs to would.</summary>
    public async Task One(int index)
    {
        if (_agentIds.Count == 0) await MasterInvariants();
        var input = _generator.Make(index, framework.Ids(_agentIds), rolesLane: index % lanes == 0);
        var roles = input.ChangesRoles ? await Roles() : null;
        var outcome = await client.Send(input);
        Interlocked.Increment(ref _sent);
        _kinds.AddOrUpdate(input.Kind, 1, (_, n) => n + 1);
        if (input.Endpoint is { } endpoint) _endpoints.AddOrUpdate(endpoint, 1, (_, n) => n + 1);
        _statuses.AddOrUpdate(outcome.Hung ? "hang" : outcome.Statuses.Count == 0 ? "closed" : outcome.Statuses[0].ToString(System.Globalization.CultureInfo.InvariantCulture), 1, (_, n) => n + 1);

        var problem = Judge(input, outcome) ?? await Health() ?? await MasterInvariants();
        if (problem is null && roles is not null && outcome.Statuses is [>= 400 and < 500, ..])
        {
            var after = await Roles();
            if (after != roles) problem = $"a refused call changed weights or quota: before {roles}, after {after}";
        }
        if (problem is not null) Fail(new Failure(input, outcome, problem));
    }

    /// <summary>The agent's tasks and the master's agree, once the inputs before <paramref name="index"/> have settled.</summary>
    public async Task CheckAgent(int index)
    {
        await _agentCheck.WaitAsync();
        try
        {
            var deadline = Stopwatch.StartNew();
            string? problem;
            do
            {
                using var master = await State(Target.Master, "/master/state");
                using var agent = await State(Target.Agent, "/state");
                problem = master is null || agent is null ? "the master's or the agent's state did not answer" : ClusterInvariants.CheckAgent(agent.RootElement, master.RootElement);
            }
            while (problem is not null && deadline.Elapsed < Convergence);
            if (problem is not null)
            {
                Fail(new Failure(new FuzzInput(index, $"agent check after input {index}", Target.Agent, "GET", "/state", [], null, []), new Outcome([], "", false, null),
                    $"{problem} (still after {Convergence.TotalSeconds:0}s)"));
            }
        }
        finally
        {
            _agentCheck.Release();
        }
    }

    private void Fail(Failure failure) => _failures.Enqueue(failure);

    private static string? Judge(FuzzInput input, Outcome outcome)
    {
        if (outcome.Hung) return $"no answer within {FuzzClient.Deadline.TotalSeconds:0}s";
        // Raw bytes that are not HTTP may be answered by the server's HTTP layer alone, or with a closed connection;
        // a version of HTTP it does not speak is answered 505, as HTTP has it, and is no failure of the server.
        if (input.Raw is not null) return outcome.Statuses.FirstOrDefault(s => s >= 500 && s != 505) is > 0 and var refused ? $"answered {refused}" : null;
        if (outcome.Statuses.FirstOrDefault(s => s >= 500) is > 0 and var failed) return $"answered {failed}";
        if (outcome.Error is not null) return $"the connection failed without an answer: {outcome.Error}";
        var status = outcome.Statuses[0];
        // The HTTP layer refuses a request line or headers it cannot read (too long, a NUL in the path) by status alone,
        // before any endpoint sees the request.
        var saysWhy = outcome.Refused || input.Method == "HEAD";
        if (status is >= 400 and < 500 && string.IsNullOrWhiteSpace(outcome.Body) && !saysWhy) return $"answered {status} without a message";
        if (status is >= 300 and < 400 && status != 307) return $"answered {status}";
        return status < 200 ? $"answered {status}" : null;
    }

    private async Task<string?> Health()
    {
        foreach (var target in new[] { Target.Master, Target.Agent })
        {
            using var deadline = new CancellationTokenSource(FuzzClient.Deadline);
            try
            {
                using var response = await client.Http.GetAsync(client.Url(target, "/health"), deadline.Token);
                if (!response.IsSuccessStatusCode) return $"the {target} answered /health with {(int)response.StatusCode}";
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                return $"the {target} did not answer /health: {e.Message}";
            }
        }
        return null;
    }

    private async Task<string?> MasterInvariants()
    {
        var (state, unanswered) = await Read(Target.Master, "/master/state");
        if (state is null) return unanswered;
        using var _ = state;
        var agents = new List<string>();
        var problem = ClusterInvariants.CheckMaster(state.RootElement, framework.FrameworkId, agents);
        _agentIds = agents;
        return problem;
    }

    private async Task<JsonDocument?> State(Target target, string path) => (await Read(target, path)).Document;

    /// <summary>A state endpoint's JSON, or why there is none.</summary>
    private async Task<(JsonDocument? Document, string? Problem)> Read(Target target, string path)
    {
        using var deadline = new CancellationTokenSource(FuzzClient.Deadline);
        try
        {
            using var response = await client.Http.GetAsync(client.Url(target, path), deadline.Token);
            if (!response.IsSuccessStatusCode) return (null, $"the {target} answered {path} with {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(deadline.Token)}");
            return (JsonDocument.Parse(await response.Content.ReadAsStreamAsync(deadline.Token)), null);
        }
        catch (OperationCanceledException)
        {
            return (null, $"the {target} did not answer {path} within {FuzzClient.Deadline.TotalSeconds:0}s");
        }
        catch (HttpRequestException e)
        {
            return (null, $"the {target} did not answer {path}: {e.Message}");
        }
    }

    /// <summary>Weights and quota as the master shows them (or why it does not).</summary>
    private async Task<string> Roles()
    {
        var weights = await Read(Target.Master, "/master/weights");
        var quota = await Read(Target.Master, "/master/quota");
        using (weights.Document)
        using (quota.Document)
        {
            return $"weights {weights.Document?.RootElement.GetRawText() ?? weights.Problem}, quota {quota.Document?.RootElement.GetRawText() ?? quota.Problem}";
        }
    }
}
