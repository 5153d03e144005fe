using Mesos.Actors.Protocol;

namespace Mesos.Host.Http;

/// <summary>
/// The calls of one v1 API that carry tasks or data, whose bodies may be as large as
/// <see cref="HttpLimits.MaxBodyBytes"/>; every other call of the API is held to
/// <see cref="HttpLimits.MaxSmallBodyBytes"/>.
/// </summary>
internal sealed class LargeCalls<T>(Func<T, Enum> typeOf, params Enum[] large)
{
    public bool Includes(T call) => large.Contains(typeOf(call));

    public string NameOf(T call) => ProtoNames.Of(typeOf(call));
}
