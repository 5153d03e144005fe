using Microsoft.Extensions.Hosting;

namespace Mesos.Host.Http;

/// <summary>
/// A host lifetime that leaves Ctrl-C and SIGTERM to the command line, which turns them into the
/// command's cancellation token: several hosts in one process (`mesos local`) would otherwise race
/// for the signal, and one of them would miss it.
/// </summary>
internal sealed class CommandLineLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
