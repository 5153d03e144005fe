using Microsoft.AspNetCore.Http;

namespace Mesos.Host.Http;

/// <summary>
/// Serves every endpoint under the process's libprocess name as well, as Mesos does: the master's
/// under <c>/master/...</c> (mesos-execute posts to <c>/master/api/v1/scheduler</c>), the agent's
/// under <c>/slave(1)/...</c> (the C++ executor library posts to <c>/slave(1)/api/v1/executor</c>).
/// The name is taken off before routing, so each endpoint is mapped once, at its short path.
/// </summary>
internal sealed class ProcessPrefix(RequestDelegate next, string name)
{
    private readonly PathString _prefix = "/" + name;

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments(_prefix, StringComparison.Ordinal, out var rest))
        {
            context.Request.PathBase = context.Request.PathBase.Add(_prefix);
            context.Request.Path = rest.HasValue ? rest : "/";
        }
        return next(context);
    }
}
