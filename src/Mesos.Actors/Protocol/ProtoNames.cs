using System.Collections.Concurrent;
using System.Reflection;
using Google.Protobuf.Reflection;

namespace Mesos.Actors.Protocol;

/// <summary>An enum value's name as the .proto file spells it (TASK_RUNNING), which protoc keeps in an attribute.</summary>
public static class ProtoNames
{
    private static readonly ConcurrentDictionary<Enum, string> Names = new();

    public static string Of(Enum value) => Names.GetOrAdd(value, static v =>
        v.GetType().GetField(v.ToString())?.GetCustomAttribute<OriginalNameAttribute>()?.Name ?? v.ToString());
}
