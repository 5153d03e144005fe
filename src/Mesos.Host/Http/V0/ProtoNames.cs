using System.Collections.Concurrent;
using System.Reflection;
using Google.Protobuf.Reflection;

namespace Mesos.Host.Http.V0;

/// <summary>An enum value's name as the .proto file spells it (TASK_RUNNING), which protoc keeps in an attribute.</summary>
internal static class ProtoNames
{
    private static readonly ConcurrentDictionary<Enum, string> Names = new();

    public static string Of(Enum value) => Names.GetOrAdd(value, static v =>
        v.GetType().GetField(v.ToString())?.GetCustomAttribute<OriginalNameAttribute>()?.Name ?? v.ToString());
}
