using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;

namespace Mesos.Host.Cli;

/// <summary>
/// Akka's log for a command whose standard output is its result (`mesos execute`, which prints what
/// mesos-execute prints): Akka's own loggers write to standard output, this one to standard error.
/// </summary>
internal sealed class StandardErrorLogger : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    public StandardErrorLogger()
    {
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(e => Console.Error.WriteLine(e.ToString()));
    }
}
