using Mesos.Actors.Master.Agents;
using Mesos.V1;

namespace Mesos.Actors.Tests.Master.Agents;

/// <summary>Agents registered are told in one line per interval: a lone agent by name, many by count and kind.</summary>
public sealed class RegistrationLogTests
{
    private static AgentInfo Agent(int n) => new() { Id = new AgentID { Value = $"m1-S{n}" }, Hostname = $"agent{n}.test", Port = 5051 };

    [Fact]
    public void Nothing_counted_says_nothing()
    {
        new RegistrationLog().Summary().Should().BeNull();
    }

    [Fact]
    public void A_lone_agent_is_named_with_how_it_registered()
    {
        var log = new RegistrationLog();

        log.Count(AgentRegistration.AfterRestart, Agent(7)).Should().BeTrue("a summary is due once the first is counted");

        log.Summary().Should().Be("Agent m1-S7 at agent7.test:5051 registered again after the master restarted");
    }

    [Fact]
    public void Many_agents_are_counted_by_how_they_registered_and_only_the_first_makes_a_summary_due()
    {
        var log = new RegistrationLog();

        var due = Enumerable.Range(0, 1000).Select(i => log.Count(i < 990 ? AgentRegistration.AfterRestart : AgentRegistration.Again, Agent(i))).ToList();
        log.Count(AgentRegistration.New, Agent(1000));

        due.Count(d => d).Should().Be(1);
        due[0].Should().BeTrue();
        log.Summary().Should().Be("1001 agents registered within 1 s: 1 registered, 10 registered again, 990 registered again after the master restarted");
    }

    [Fact]
    public void A_summary_starts_the_count_again()
    {
        var log = new RegistrationLog();
        log.Count(AgentRegistration.New, Agent(1));
        log.Count(AgentRegistration.New, Agent(2));
        log.Summary();

        log.Summary().Should().BeNull();
        log.Count(AgentRegistration.Again, Agent(3)).Should().BeTrue();
        log.Summary().Should().Be("Agent m1-S3 at agent3.test:5051 registered again");
    }
}
