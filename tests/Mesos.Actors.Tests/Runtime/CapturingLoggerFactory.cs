using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Mesos.Actors.Tests.Runtime;

/// <summary>Records log lines with their scopes, for tests of what the runtime logs.</summary>
internal sealed class CapturingLoggerFactory : ILoggerFactory
{
    private readonly ConcurrentQueue<Entry> _entries = new();
    private readonly AsyncLocal<ImmutableScopes?> _scopes = new();

    public IReadOnlyList<Entry> Entries => _entries.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public void Dispose()
    {
    }

    internal sealed record Entry(string Category, LogLevel Level, string Message, IReadOnlyList<string> Scopes);

    private sealed record ImmutableScopes(string Scope, ImmutableScopes? Outer)
    {
        public IEnumerable<string> All() => Outer is null ? [Scope] : Outer.All().Append(Scope);
    }

    private sealed class Logger(CapturingLoggerFactory owner, string category) : ILogger
    {
        public IDisposable BeginScope<TState>(TState state) where TState : notnull
        {
            var outer = owner._scopes.Value;
            owner._scopes.Value = new ImmutableScopes(state.ToString() ?? "", outer);
            return new Pop(owner, outer);
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._entries.Enqueue(new Entry(category, logLevel, formatter(state, exception), owner._scopes.Value?.All().ToArray() ?? []));
    }

    private sealed class Pop(CapturingLoggerFactory owner, ImmutableScopes? outer) : IDisposable
    {
        public void Dispose() => owner._scopes.Value = outer;
    }
}
