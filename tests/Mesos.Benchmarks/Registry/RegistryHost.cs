using Akka.Actor;
using Akka.Configuration;
using Mesos.Actors.Master.Registrar;
using Mesos.Actors.Settings;
using Mesos.Host.Master.Registry;

namespace Mesos.Benchmarks.Registry;

/// <summary>
/// A registry actor on a real store in an actor system of its own, under a parent as the master is: the
/// parent learns when the journal is replayed, and writes are asked of it.
/// </summary>
internal sealed class RegistryHost : IDisposable
{
    private static readonly TimeSpan WriteTimeout = TimeSpan.FromMinutes(2);

    private readonly ActorSystem _system;
    private readonly IActorRef _parent;
    private readonly TaskCompletionSource<Actors.Master.Registrar.Registry> _recovered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public RegistryHost(RegistryStore store, RegistrySettings settings)
    {
        _system = ActorSystem.Create("registry-bench", ConfigurationFactory.ParseString("akka.loglevel = WARNING")
            .WithFallback(store.ToConfig()).WithFallback(ReferenceConfig.Get()));
        _parent = _system.ActorOf(Props.Create(() => new Parent(settings, _recovered)), "master");
    }

    /// <summary>The registry once the journal is replayed and this incarnation's epoch written.</summary>
    public Task<Actors.Master.Registrar.Registry> Recovered => _recovered.Task;

    /// <summary>Writes what the operations decide in one atomic write, and waits until the journal holds it.</summary>
    public async Task Write(IReadOnlyList<RegistryOperation> operations)
    {
        var answer = await _parent.Ask<object>(new RegistryActor.Apply(operations), WriteTimeout);
        if (answer is RegistryActor.WriteFailed failed) throw new InvalidOperationException("A registry write failed: " + failed.Reason);
    }

    public void Dispose() => _system.Terminate().Wait();

    private sealed class Parent : ReceiveActor
    {
        public Parent(RegistrySettings settings, TaskCompletionSource<Actors.Master.Registrar.Registry> recovered)
        {
            var registry = Context.ActorOf(RegistryActor.Props(settings, "benchmark"), "registry");
            Receive<RegistryActor.Recovered>(r => recovered.TrySetResult(r.Registry));
            Receive<RegistryActor.Apply>(apply => registry.Forward(apply));
        }
    }
}
