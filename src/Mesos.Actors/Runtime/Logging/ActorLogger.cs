using Microsoft.Extensions.Logging;

namespace Mesos.Actors.Runtime;

/// <summary>Every line an actor logs carries its path in the logging scope (<c>ActorPath</c>).</summary>
internal sealed class ActorLogger(ILogger inner, ActorPath path) : ILogger
{
    private readonly ActorLogScope _scope = new(path.ToStringWithoutAddress());

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!inner.IsEnabled(logLevel)) return;
        using (inner.BeginScope(_scope)) inner.Log(logLevel, eventId, state, exception, formatter);
    }

    private sealed class ActorLogScope(string path) : List<KeyValuePair<string, object>>([new("ActorPath", path)])
    {
        public override string ToString() => path;
    }
}
