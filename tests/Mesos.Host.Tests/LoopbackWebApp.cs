using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Mesos.Host.Tests;

/// <summary>A bare web host for a test's own endpoints, on a free loopback port (its address in <c>Urls</c> once started).</summary>
internal static class LoopbackWebApp
{
    /// <param name="map">Adds the test's middleware and endpoints.</param>
    public static WebApplication Create(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        map(app);
        return app;
    }
}
