using Mesos.Actors.Runtime;
using Microsoft.Extensions.Logging;

namespace Mesos.Actors.Tests.Runtime;

public sealed class EventStreamAndLoggingTests : Mesos.TestKit.TestKit
{
    [Fact]
    public void Subscribers_get_events_assignable_to_their_channel_until_they_unsubscribe()
    {
        Sys.EventStream.Subscribe(TestActor, typeof(Animal)).Should().BeTrue();
        Sys.EventStream.Subscribe(TestActor, typeof(Animal)).Should().BeFalse();
        Sys.EventStream.Publish(new Dog());
        Sys.EventStream.Publish("not an animal");
        ExpectMsg<Dog>();
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Sys.EventStream.Unsubscribe(TestActor, typeof(Animal)).Should().BeTrue();
        Sys.EventStream.Publish(new Dog());
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public async Task Actors_log_with_their_path_in_scope()
    {
        var logs = new CapturingLoggerFactory();
        var system = ActorSystem.Create("logging", setup: new ActorSystemSetup { LoggerFactory = logs });
        try
        {
            var actor = system.ActorOf(Props.Create(() => new LoggingActor()), "talker");
            actor.Tell("hello", TestActor);
            ExpectMsg("logged");
            logs.Entries.Should().Contain(e => e.Message == "said hello" && e.Scopes.Contains("/user/talker"));
        }
        finally
        {
            await system.Terminate().WaitAsync(TimeSpan.FromSeconds(5));
        }
    }

    [Fact]
    public async Task Dead_letter_logging_stops_after_the_configured_count()
    {
        var logs = new CapturingLoggerFactory();
        var settings = ActorSettings.Default with { LogDeadLetters = 3 };
        var system = ActorSystem.Create("deadletters", settings, new ActorSystemSetup { LoggerFactory = logs });
        try
        {
            for (var i = 0; i < 10; i++) system.DeadLetters.Tell(i, null);
            var logged = logs.Entries.Where(e => e.Category == "Mesos.Actors.DeadLetters").ToArray();
            logged.Should().HaveCount(3);
            logged[^1].Message.Should().Contain("No more dead letters will be logged");
        }
        finally
        {
            await system.Terminate().WaitAsync(TimeSpan.FromSeconds(5));
        }
    }

    private abstract record Animal;

    private sealed record Dog : Animal;

    private sealed class LoggingActor : ReceiveActor
    {
        public LoggingActor() =>
            Receive<string>(s =>
            {
                Context.GetLogger().LogInformation("said {Word}", s);
                Sender.Tell("logged", Self);
            });
    }
}
