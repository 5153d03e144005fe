using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Event;
using Mesos.Host.Chronos.Runs;
using NodaTime.Text;

namespace Mesos.Host.Chronos.Scheduler;

/// <summary>
/// Tells of runs that ended: an HTTP POST of the notification as JSON to the configured URL and to each of
/// the job's owners that is an http(s) URL, and a mail to the owners that are e-mail addresses when an SMTP
/// server is configured. A delivery that fails is tried again after a pause, a few times, then logged: a
/// notification goes out after the run's end is recorded, and is never what holds a run up.
/// </summary>
internal sealed class ChronosNotifier : ReceiveActor
{
    private static readonly TimeSpan[] Pauses = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)];

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly CancellationTokenSource _stopping = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public ChronosNotifier(Uri? url, MailSettings? mail)
    {
        var mailer = mail is null ? null : new ChronosMailer(mail);
        Receive<RunNotification>(notification =>
        {
            var body = Body(notification);
            foreach (var target in (url is null ? notification.Owners : [url, .. notification.Owners]).Distinct())
            {
                _ = Deliver(target.ToString(), notification, () => Post(target, body));
            }
            if (notification.MailOwners.Length == 0) return;
            if (mailer is null)
            {
                _log.Warning("Not mailing {Owners} of run {TaskId}: no --mail_server is configured", string.Join(", ", notification.MailOwners), notification.TaskId);
                return;
            }
            _ = Deliver(string.Join(", ", notification.MailOwners), notification, async () =>
            {
                await mailer.Send(notification, _stopping.Token).ConfigureAwait(false);
                return null;
            });
        });
    }

    public static Props Props(Uri? url, MailSettings? mail) => Akka.Actor.Props.Create(() => new ChronosNotifier(url, mail));

    protected override void PostStop()
    {
        _stopping.Cancel();
        _stopping.Dispose();
        _http.Dispose();
    }

    /// <summary>POSTs the body; why the target refused it, or null when it took it.</summary>
    private async Task<string?> Post(Uri target, JsonObject body)
    {
        using var response = await _http.PostAsJsonAsync(target, body, _stopping.Token).ConfigureAwait(false);
        return response.IsSuccessStatusCode ? null : $"it answered {(int)response.StatusCode}";
    }

    /// <summary>Tries <paramref name="send"/> (null: delivered; else why not) until it delivers or the pauses run out.</summary>
    private async Task Deliver(string target, RunNotification notification, Func<Task<string?>> send)
    {
        for (var attempt = 0; ; attempt++)
        {
            string? failure;
            try
            {
                failure = await send().ConfigureAwait(false);
                if (failure is null) return;
            }
            catch (Exception e) when (e is ObjectDisposedException || _stopping.IsCancellationRequested)
            {
                // Chronos is stopping: the notifier's clients are gone with it.
                return;
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException or SocketException
                                          or MailKit.CommandException or MailKit.ProtocolException or MailKit.Security.AuthenticationException)
            {
                failure = e.Message;
            }
            if (attempt == Pauses.Length)
            {
                _log.Warning("Notifying {Target} of run {TaskId} failed: {Reason}", target, notification.TaskId, failure);
                return;
            }
            await Task.Delay(Pauses[attempt]).ConfigureAwait(false);
        }
    }

    private static JsonObject Body(RunNotification n) => new()
    {
        ["job"] = n.Job,
        ["status"] = n.Succeeded ? "success" : "failure",
        ["subject"] = n.Subject,
        ["taskId"] = n.TaskId,
        ["attempt"] = n.Attempt,
        ["taskState"] = n.State,
        ["message"] = n.Message,
        ["time"] = InstantPattern.ExtendedIso.Format(n.At),
    };
}
