using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;
using Akka.Hosting.Logging;
using Microsoft.Extensions.Logging;
using AkkaLevel = Akka.Event.LogLevel;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace Mesos.Host.Http;

/// <summary>
/// Akka's logger for our processes: each log event goes to Microsoft.Extensions.Logging under the
/// category of its source (the actor's path, such as akka://mesos-master/user/master), so that a
/// line says which actor wrote it and filters can pick actors out by path.
/// </summary>
internal sealed class MicrosoftLogger : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    public MicrosoftLogger()
    {
        var factory = Context.System.Settings.Setup.Get<LoggerFactorySetup>().Value.LoggerFactory;
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(e => factory.CreateLogger(e.LogSource).Log(Level(e.LogLevel()), e.Cause, "{Message}", e.Message));
    }

    private static LogLevel Level(AkkaLevel level) => level switch
    {
        AkkaLevel.DebugLevel => LogLevel.Debug,
        AkkaLevel.InfoLevel => LogLevel.Information,
        AkkaLevel.WarningLevel => LogLevel.Warning,
        _ => LogLevel.Error,
    };
}
