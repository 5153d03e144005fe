using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Event;
using Mesos.Host.Chronos.Runs;
using NodaTime.Text;

namespace Mesos.Host.Chronos.Scheduler;

/// <summary>
/// Tells of runs that ended: an HTTP POST of the notification as JSON to the configured URL and to each of
/// the job's owners that is an http(s) URL. A POST that fails is tried again after a pause, a few times,
/// then logged: a notification goes out after the run's end is recorded, and is never what holds a run up.
/// </summary>
public sealed class ChronosNotifier : ReceiveActor
{
    private static readonly TimeSpan[] Pauses = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)];

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public ChronosNotifier(Uri? url)
    {
        Receive<RunNotification>(notification =>
        {
            var body = Body(notification);
            foreach (var target in (url is null ? notification.Owners : [url, .. notification.Owners]).Distinct())
            {
                _ = Post(target, body, notification);
            }
        });
    }

    public static Props Props(Uri? url) => Akka.Actor.Props.Create(() => new ChronosNotifier(url));

    protected override void PostStop() => _http.Dispose();

    private async Task Post(Uri target, JsonObject body, RunNotification notification)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var response = await _http.PostAsJsonAsync(target, body).ConfigureAwait(false);
                if (response.IsSuccessStatusCode) return;
                if (attempt == Pauses.Length)
                {
                    _log.Warning("Notifying {Target} of run {TaskId} failed: it answered {Status}", target, notification.TaskId, (int)response.StatusCode);
                    return;
                }
            }
            catch (ObjectDisposedException)
            {
                // Chronos is stopping: the notifier's client is gone with it.
                return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                if (attempt == Pauses.Length)
                {
                    _log.Warning("Notifying {Target} of run {TaskId} failed: {Reason}", target, notification.TaskId, e.Message);
                    return;
                }
            }
            await Task.Delay(Pauses[attempt]).ConfigureAwait(false);
        }
    }

    private static JsonObject Body(RunNotification n) => new()
    {
        ["job"] = n.Job,
        ["status"] = n.Succeeded ? "success" : "failure",
        ["subject"] = n.Succeeded ? $"[Chronos] job {n.Job} succeeded" : $"[Chronos] job {n.Job} failed after {n.Attempt + 1} attempts",
        ["taskId"] = n.TaskId,
        ["attempt"] = n.Attempt,
        ["taskState"] = n.State,
        ["message"] = n.Message,
        ["time"] = InstantPattern.ExtendedIso.Format(n.At),
    };
}
