using System.Diagnostics;
using System.Net.Sockets;
using Mesos.V1;

namespace Mesos.Actors.Containerizer.Checks;

/// <summary>What one run of a check or health check found.</summary>
/// <param name="Passed">Healthy, as a health check counts it: HTTP 2xx or 3xx, a TCP connection, a command exiting 0.</param>
/// <param name="Status">The result as a check reports it in TaskStatus.check_status.</param>
/// <param name="Detail">Why it failed, for the log.</param>
public sealed record CheckOutcome(bool Passed, CheckStatusInfo Status, string Detail);

/// <summary>Where a task's checks are run: the address its endpoints answer on, its sandbox and environment.</summary>
public sealed record CheckTarget(string Host, string Sandbox, IReadOnlyDictionary<string, string> Environment);

/// <summary>
/// Runs Mesos' checks once: HTTP (GET, healthy on 2xx and 3xx), TCP (a connection) and COMMAND (a shell
/// command in the task's sandbox with its environment, healthy on exit 0), each cut off after its timeout.
/// </summary>
public static class CheckProbes
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero, UseProxy = false });

    /// <exception cref="ArgumentException">A health check of no known type.</exception>
    public static Func<CancellationToken, Task<CheckOutcome>> Of(HealthCheck check, CheckTarget target)
    {
        var timeout = Seconds(check.TimeoutSeconds);
        var type = check.HasType ? check.Type : check.Http is not null ? HealthCheck.Types.Type.Http : check.Tcp is not null ? HealthCheck.Types.Type.Tcp : HealthCheck.Types.Type.Command;
        return type switch
        {
            HealthCheck.Types.Type.Http when check.Http is { } http =>
                ct => HttpAsync(http.HasScheme ? http.Scheme : "http", target.Host, http.Port, http.Path, timeout, ct),
            HealthCheck.Types.Type.Tcp when check.Tcp is { } tcp => ct => TcpAsync(target.Host, tcp.Port, timeout, ct),
            HealthCheck.Types.Type.Command when check.Command is { } command => ct => CommandAsync(command, target, timeout, ct),
            _ => throw new ArgumentException($"A {type} health check needs its {type.ToString().ToLowerInvariant()} field"),
        };
    }

    /// <exception cref="ArgumentException">A check of no known type.</exception>
    public static Func<CancellationToken, Task<CheckOutcome>> Of(CheckInfo check, CheckTarget target)
    {
        var timeout = Seconds(check.TimeoutSeconds);
        return check.Type switch
        {
            CheckInfo.Types.Type.Http when check.Http is { } http => ct => HttpAsync("http", target.Host, http.Port, http.Path, timeout, ct),
            CheckInfo.Types.Type.Tcp when check.Tcp is { } tcp => ct => TcpAsync(target.Host, tcp.Port, timeout, ct),
            CheckInfo.Types.Type.Command when check.Command?.Command_ is { } command => ct => CommandAsync(command, target, timeout, ct),
            _ => throw new ArgumentException($"A {check.Type} check needs its {check.Type.ToString().ToLowerInvariant()} field"),
        };
    }

    /// <summary>A delay, interval or timeout of a check.</summary>
    /// <exception cref="ArgumentException">Negative, not finite, or over a day.</exception>
    public static TimeSpan Seconds(double seconds) => double.IsFinite(seconds) && seconds is >= 0 and <= 86_400
        ? TimeSpan.FromSeconds(seconds)
        : throw new ArgumentException($"{seconds} is not a number of seconds between 0 and 86400");

    private static async Task<CheckOutcome> HttpAsync(string scheme, string host, uint port, string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var url = $"{scheme}://{host}:{port}/{path.TrimStart('/')}";
        var status = new CheckStatusInfo { Type = CheckInfo.Types.Type.Http, Http = new CheckStatusInfo.Types.Http() };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await Http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var code = (int)response.StatusCode;
            status.Http.StatusCode = (uint)code;
            return new CheckOutcome(code is >= 200 and < 400, status, $"GET {url} answered {code}");
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new CheckOutcome(false, status, e is OperationCanceledException ? $"GET {url} timed out after {timeout}" : $"GET {url} failed: {e.Message}");
        }
    }

    private static async Task<CheckOutcome> TcpAsync(string host, uint port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var client = new TcpClient();
        bool connected;
        string detail;
        try
        {
            await client.ConnectAsync(host, (int)port, deadline.Token);
            (connected, detail) = (true, $"connected to {host}:{port}");
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            (connected, detail) = (false, $"could not connect to {host}:{port}: {e.Message}");
        }
        var status = new CheckStatusInfo { Type = CheckInfo.Types.Type.Tcp, Tcp = new CheckStatusInfo.Types.Tcp { Succeeded = connected } };
        return new CheckOutcome(connected, status, detail);
    }

    private static async Task<CheckOutcome> CommandAsync(CommandInfo command, CheckTarget target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var status = new CheckStatusInfo { Type = CheckInfo.Types.Type.Command, Command = new CheckStatusInfo.Types.Command() };
        CommandLine program;
        try
        {
            program = CommandLine.Of(command);
        }
        catch (ArgumentException e)
        {
            return new CheckOutcome(false, status, e.Message);
        }
        var start = new ProcessStartInfo(program.Executable, program.Argv.Skip(1));
        start.WorkingDirectory = target.Sandbox;
        start.UseShellExecute = false;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        foreach (var (name, value) in target.Environment) start.Environment[name] = value;
        foreach (var variable in command.Environment?.Variables ?? []) start.Environment[variable.Name] = variable.Value;
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return new CheckOutcome(false, status, $"command '{command.Value}' could not start: {e.Message}");
        }
        using var started = process;
        var output = System.Threading.Tasks.Task.WhenAll(process.StandardOutput.ReadToEndAsync(cancellationToken), process.StandardError.ReadToEndAsync(cancellationToken));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            if (cancellationToken.IsCancellationRequested) throw;
            return new CheckOutcome(false, status, $"command '{command.Value}' timed out after {timeout}");
        }
        await output;
        status.Command.ExitCode = process.ExitCode;
        return new CheckOutcome(process.ExitCode == 0, status, $"command '{command.Value}' exited with status {process.ExitCode}");
    }
}
