using System.Text;
using Akka.Actor;
using Mesos.Host.Marathon.Apps;
using Mesos.Host.Marathon.Deployments;

namespace Mesos.Host.Marathon.Scheduler;

/// <summary>
/// Runs one task's readiness check, as Marathon does itself: GETs the task's URL at once and then every interval
/// until an answer is one of the ready status codes, tells its parent each result, and stops once ready.
/// </summary>
public sealed class ReadinessChecker : ReceiveActor, IWithTimers
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromMinutes(1) });

    private readonly string _taskId;
    private readonly Uri _url;
    private readonly ReadinessCheck _check;
    private readonly CancellationTokenSource _stopping = new();

    public ReadinessChecker(string taskId, Uri url, ReadinessCheck check)
    {
        _taskId = taskId;
        _url = url;
        _check = check;
        Receive<Probe>(_ => Run(Context.System.Scheduler.Now).PipeTo(Self));
        Receive<ReadinessResult>(result =>
        {
            Context.Parent.Tell(result);
            if (result.Ready) Context.Stop(Self);
            else Timers.StartSingleTimer(nameof(Probe), Probe.Instance, TimeSpan.FromSeconds(_check.IntervalSeconds));
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string taskId, Uri url, ReadinessCheck check) => Akka.Actor.Props.Create(() => new ReadinessChecker(taskId, url, check));

    protected override void PreStart() => Self.Tell(Probe.Instance);

    protected override void PostStop()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private async Task<ReadinessResult> Run(DateTimeOffset at)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        deadline.CancelAfter(TimeSpan.FromSeconds(_check.TimeoutSeconds));
        try
        {
            using var response = await Http.GetAsync(_url, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var status = (int)response.StatusCode;
            var ready = _check.HttpStatusCodesForReady.Contains(status);
            ReadinessResponse? kept = null;
            if (_check.PreserveLastResponse)
            {
                kept = new ReadinessResponse(status, response.Content.Headers.ContentType?.ToString() ?? "", await Start(response.Content, deadline.Token));
            }
            return new ReadinessResult(_check.Name, _taskId, ready, $"GET {_url} answered {status}", kept, at);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            var why = e is OperationCanceledException ? $"timed out after {_check.TimeoutSeconds} s" : $"failed: {e.Message}";
            return new ReadinessResult(_check.Name, _taskId, false, $"GET {_url} {why}", null, at);
        }
    }

    // Only the start of the body is kept: a task's answer must not fill Marathon's memory.
    private static async Task<string> Start(HttpContent content, CancellationToken cancel)
    {
        await using var stream = await content.ReadAsStreamAsync(cancel);
        var buffer = new byte[ReadinessResponse.MaxBody];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), cancel)) > 0) read += n;
        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    private sealed record Probe
    {
        public static Probe Instance { get; } = new();
    }
}
