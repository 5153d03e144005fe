using System.Globalization;
using Xunit.Abstractions;

namespace Mesos.Host.Tests.Fuzz;

/// <summary>
/// A seeded fuzz run against a real master and agent: ten thousand generated inputs over every endpoint
/// and every call type of the scheduler, operator, agent and executor APIs, each checked as it is sent
/// (see <see cref="FuzzRun"/>). The seed is random unless MESOS_FUZZ_SEED gives it; MESOS_FUZZ_INPUT
/// sends only the input of that number, to replay a failure; MESOS_FUZZ_INPUTS changes how many are sent.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class FuzzTests(FuzzClusterFixture cluster, ITestOutputHelper output) : IClassFixture<FuzzClusterFixture>
{
    private const int DefaultInputs = 10_000;
    private const int Lanes = 4;

    /// <summary>How long the run may take on a 2-core machine; it took about 100 s there, shared with other builds and tests.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(3);

    private static int? FromEnvironment(string name) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    [Fact]
    public async Task Ten_thousand_hostile_inputs_leave_master_and_agent_answering_and_whole()
    {
        var seed = FromEnvironment("MESOS_FUZZ_SEED") ?? Random.Shared.Next();
        var only = FromEnvironment("MESOS_FUZZ_INPUT");
        var count = FromEnvironment("MESOS_FUZZ_INPUTS") ?? DefaultInputs;
        output.WriteLine($"Fuzz seed {seed}: replay with MESOS_FUZZ_SEED={seed}");

        using var client = new FuzzClient($"http://{cluster.Master}", $"http://127.0.0.1:{cluster.AgentPort}");
        await using var framework = await LiveFramework.Start(cluster.Master);
        var run = new FuzzRun(seed, Lanes, client, framework);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        if (only is { } index)
        {
            await run.One(index);
        }
        else
        {
            await run.Run(count, Bound);
            if (run.Failures.Count == 0) await run.CheckAgent(count);
        }
        output.WriteLine($"{run.Sent} inputs in {clock.Elapsed.TotalSeconds:0.0}s ({run.Sent / clock.Elapsed.TotalSeconds:0}/s); the framework subscribed {framework.Subscriptions} times");
        output.WriteLine("answers: " + string.Join(", ", run.Statuses.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key} x{s.Value}")));

        if (run.Failures.Count > 0)
        {
            var failures = run.Failures.Select(failure => $"""
                Input {failure.Input.Index}: {failure.Problem}
                Replay: MESOS_FUZZ_SEED={seed} MESOS_FUZZ_INPUT={failure.Input.Index} ./test.sh --filter "FullyQualifiedName~FuzzTests"
                Input: {failure.Input.Describe()}
                Answer: {failure.Outcome}
                """);
            Assert.Fail($"""
                Fuzz seed {seed}: {run.Failures.Count} failing inputs{(run.Failures.Count >= FuzzRun.MaxFailures ? " (the run stopped there)" : "")}
                (inputs that name live offers, tasks or streams get the ids live at the time)

                {string.Join("\n\n", failures)}

                The master's last lines:
                {string.Join('\n', cluster.MasterProcess.Lines().TakeLast(15))}
                The agent's last lines:
                {string.Join('\n', cluster.AgentProcess.Lines().TakeLast(15))}
                """);
        }
        if (only is not null) return;

        run.Sent.Should().Be(count, $"every input is sent within {Bound.TotalMinutes} minutes (seed {seed})");
        Endpoint.All.Where(e => !run.Endpoints.ContainsKey(e)).Should().BeEmpty("every endpoint is sent inputs");
        var callKinds = InputGenerator.Apis.SelectMany(api => api.Call.FindFieldByName("type").EnumType.Values.Select(t => $"{api.Endpoint.Kind} {t.Name}"));
        callKinds.Where(kind => !run.Kinds.ContainsKey(kind)).Should().BeEmpty("every call type of every API is sent");
    }
}
