using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serilog;

namespace Mesos.Host.Http;

/// <summary>
/// One generic host for a master or an agent: Kestrel on one port (a request-body limit, Mesos-style
/// errors, every endpoint also under the process's libprocess name) beside the services the caller
/// adds, such as its ActorSystem through Akka.Hosting.
/// </summary>
internal static class MesosWebHost
{
    /// <param name="maxRequestBodySize">The limit of any body no endpoint reads within a limit of its own.</param>
    /// <param name="logFile">A file to log to besides the console, or null.</param>
    public static WebApplication Create(string processName, string ip, int port, long maxRequestBodySize, Action<IServiceCollection> services, string? logFile = null)
    {
        // No configuration file is read from the working directory, and none is watched: a watcher of the working
        // directory's whole tree (an agent started above its work dir) woke the process at every write of every task.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, CommandLineLifetime>();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-dd HH:mm:ss.fff ";
            o.IncludeScopes = true;
        });
        if (logFile is not null)
        {
            builder.Logging.AddSerilog(new LoggerConfiguration()
                .WriteTo.File(logFile, outputTemplate: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff} {Level:u4} {SourceContext}: {Message:lj}{NewLine}{Exception}")
                .CreateLogger(), dispose: true);
        }
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        // Start-up failures (a port in use) are reported by the command, in one line.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        builder.Services.Configure<KestrelServerOptions>(o =>
        {
            o.Limits.MaxRequestBodySize = maxRequestBodySize;
            o.AddServerHeader = false;
            if (string.IsNullOrEmpty(ip)) o.ListenAnyIP(port);
            else o.Listen(IPAddress.Parse(ip), port);
        });
        services(builder.Services);
        var app = builder.Build();
        app.UseMiddleware<MesosErrors>();
        app.UseMiddleware<Jsonp>();
        app.UseMiddleware<ProcessPrefix>(processName);
        // Routing after the prefix is taken off, so that one routing table serves both paths.
        app.UseRouting();
        return app;
    }
}
