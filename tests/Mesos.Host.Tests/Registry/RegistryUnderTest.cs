using System.Threading.Channels;
using Akka.Actor;
using Mesos.Actors.Master.Registrar;
using Mesos.Actors.Settings;
using Mesos.Host.Master.Registry;

namespace Mesos.Host.Tests.Registry;

/// <summary>
/// A registry actor in an actor system of its own on a real store, as in a master process: a parent
/// hands it operations and passes what it answers (Recovered, Applied, WriteFailed, its Terminated)
/// to the test.
/// </summary>
internal sealed class RegistryUnderTest : IAsyncDisposable
{
    private readonly ActorSystem _system;
    private readonly IActorRef _parent;
    private readonly Channel<object> _answers = Channel.CreateUnbounded<object>();

    private RegistryUnderTest(RegistryStore store, RegistrySettings settings, string masterId)
    {
        _system = ActorSystem.Create("registry", Akka.Configuration.ConfigurationFactory.ParseString("akka.loglevel = ERROR")
            .WithFallback(store.ToConfig()).WithFallback(ReferenceConfig.Get()));
        _parent = _system.ActorOf(Props.Create(() => new Parent(settings, masterId, _answers.Writer)), "master");
    }

    public static RegistryUnderTest Start(RegistryStore store, RegistrySettings settings, string masterId) => new(store, settings, masterId);

    public void Apply(params RegistryOperation[] operations) => _parent.Tell(new RegistryActor.Apply(operations));

    /// <summary>The next answer, which must be a <typeparamref name="T"/>.</summary>
    public async Task<T> Next<T>(TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        var answer = await _answers.Reader.ReadAsync(deadline.Token);
        return answer is T expected ? expected : throw new InvalidOperationException($"Expected a {typeof(T).Name}, the registry answered {answer}");
    }

    /// <summary>Applies and waits for the answer: the registry afterwards.</summary>
    public async Task<Mesos.Actors.Master.Registrar.Registry> Write(params RegistryOperation[] operations)
    {
        Apply(operations);
        var applied = await Next<RegistryActor.Applied>();
        applied.Refusals.Should().AllSatisfy(r => r.Should().BeNull());
        return applied.Registry;
    }

    public async ValueTask DisposeAsync() => await _system.Terminate();

    private sealed class Parent : ReceiveActor
    {
        public Parent(RegistrySettings settings, string masterId, ChannelWriter<object> answers)
        {
            var registry = Context.Watch(Context.ActorOf(RegistryActor.Props(settings, masterId), "registry"));
            Receive<RegistryActor.Apply>(apply => registry.Tell(apply));
            ReceiveAny(answer => answers.TryWrite(answer));
        }
    }
}
