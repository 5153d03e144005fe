using Akka.Configuration;
using Akka.Event;
using Akka.TestKit;

namespace Mesos.Actors.Tests.Master;

/// <summary>
/// The master tells agents registered in one info line a second at most, not one line each: ten thousand agents
/// back after a failover made as many lines.
/// </summary>
public sealed class AgentRegistrationLogTests() : MasterHarness(ConfigurationFactory.ParseString("akka.loglevel = INFO"))
{
    /// <summary>
    /// The info lines that speak of agents registered, up to <paramref name="last"/>: the master's lines reach the
    /// probe in the order it logged them, so any line for one agent would come before.
    /// </summary>
    private static List<string> RegisteredUntil(TestProbe log, string last)
    {
        var lines = new List<string>();
        log.FishForMessage(m =>
        {
            if (m is not Info info || info.Message.ToString() is not { } text || !text.Contains("registered")) return false;
            lines.Add(text);
            return text == last;
        }, TimeSpan.FromSeconds(10));
        return lines;
    }

    private TestProbe InfoLines()
    {
        _ = Master;
        var log = CreateTestProbe();
        Sys.EventStream.Subscribe(log.Ref, typeof(Info));
        return log;
    }

    [Fact]
    public void Agents_registered_together_are_told_in_one_line_a_second_later()
    {
        var log = InfoLines();

        for (var i = 0; i < 3; i++) SubscribeAgent(hostname: $"agent{i}.test");
        Advance(Tick);

        const string summary = "3 agents registered within 1 s: 3 registered";
        RegisteredUntil(log, summary).Should().Equal(summary);
    }

    [Fact]
    public void A_lone_agent_is_named()
    {
        var log = InfoLines();

        var agent = SubscribeAgent();
        Advance(Tick);

        var line = $"Agent {agent.Id.Value} at agent.test:5051 registered";
        RegisteredUntil(log, line).Should().Equal(line);
    }
}
