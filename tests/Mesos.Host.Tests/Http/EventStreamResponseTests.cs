using System.Threading.Channels;
using Akka.Actor;
using Mesos.Actors.Protocol;
using Mesos.Host.Http;
using Mesos.V1.Scheduler;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Task = System.Threading.Tasks.Task;

namespace Mesos.Host.Tests.Http;

/// <summary>A subscriber that goes while its subscription is on its way, over a real Kestrel.</summary>
public sealed class EventStreamResponseTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly ActorSystem _system = ActorSystem.Create("streams");
    private readonly HttpClient _http = new();
    private readonly TaskCompletionSource<ChannelWriter<Event>> _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _aborted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IActorRef _actor = ActorRefs.Nobody;
    private WebApplication _app = null!;

    public async Task InitializeAsync()
    {
        _actor = _system.ActorOf(Props.Create(() => new Subscriptions(_held, _closed)), "subscriptions");
        _app = LoopbackWebApp.Create(app => app.MapPost("/subscribe", async (HttpContext context) =>
        {
            context.RequestAborted.Register(() => _aborted.TrySetResult());
            await EventStreamResponse.Subscribe<Event, Subscribed>(context, BodyFormat.Json, _actor, Channel.CreateUnbounded<Event>(),
                events => new Hold(events), _ => "stream-1", _ => Closed.Instance);
        }));
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
        await _system.Terminate();
    }

    [Fact]
    public async Task The_actor_hears_that_a_stream_closed_when_its_client_went_before_the_subscription_was_answered()
    {
        using var cancel = new CancellationTokenSource();
        var request = _http.PostAsync(_app.Urls.First() + "/subscribe", new StringContent("{}"), cancel.Token);
        var writer = await _held.Task.WaitAsync(Patience);
        await cancel.CancelAsync();
        await _aborted.Task.WaitAsync(Patience);
        await FluentActions.Awaiting(() => request).Should().ThrowAsync<OperationCanceledException>();

        _actor.Tell(Subscriptions.Answer.Instance);

        await _closed.Task.WaitAsync(Patience);
        writer.TryWrite(new Event()).Should().BeFalse("nobody reads the stream any more");
    }

    private sealed record Hold(ChannelWriter<Event> Events);

    private sealed record Subscribed;

    private sealed record Closed
    {
        public static Closed Instance { get; } = new();
    }

    /// <summary>Holds a subscription until told to answer it, as a master busy with a registry write does.</summary>
    private sealed class Subscriptions : ReceiveActor
    {
        private IActorRef _asker = ActorRefs.Nobody;

        public Subscriptions(TaskCompletionSource<ChannelWriter<Event>> held, TaskCompletionSource closed)
        {
            Receive<Hold>(hold =>
            {
                _asker = Sender;
                held.TrySetResult(hold.Events);
            });
            Receive<Answer>(_ => _asker.Tell(new Subscribed()));
            Receive<Closed>(_ => closed.TrySetResult());
        }

        public sealed record Answer
        {
            public static Answer Instance { get; } = new();
        }
    }
}
