using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mesos.Actors.Runtime;

/// <summary>What a system is given from outside: its clock, its logging, and optionally one dispatcher for everything.</summary>
public sealed record ActorSystemSetup
{
    /// <summary>The only source of time for timers, timeouts and the scheduler.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>When set, every actor runs on this dispatcher whatever its Props say (deterministic tests).</summary>
    public MessageDispatcher? Dispatcher { get; init; }
}
