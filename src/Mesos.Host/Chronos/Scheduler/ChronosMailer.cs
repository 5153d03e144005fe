using MailKit.Net.Smtp;
using MailKit.Security;
using Mesos.Host.Chronos.Runs;
using MimeKit;
using NodaTime.Text;

namespace Mesos.Host.Chronos.Scheduler;

/// <summary>Mails a run's notification to the job's owners who are e-mail addresses, through the configured SMTP server.</summary>
internal sealed class ChronosMailer(MailSettings settings)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <exception cref="IOException">The server could not be reached or the connection broke.</exception>
    /// <exception cref="MailKit.CommandException">The server refused the login, the sender or a recipient.</exception>
    public async Task Send(RunNotification notification, CancellationToken cancel)
    {
        using var message = new MimeMessage();
        message.From.Add(settings.From);
        foreach (var owner in notification.MailOwners) message.To.Add(MailboxAddress.Parse(owner));
        message.Subject = notification.Subject;
        message.Body = new TextPart("plain") { Text = Text(notification) };

        using var client = new SmtpClient { Timeout = (int)Timeout.TotalMilliseconds };
        await client.ConnectAsync(settings.Host, settings.Port, settings.Ssl ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTlsWhenAvailable, cancel).ConfigureAwait(false);
        if (settings.User.Length > 0) await client.AuthenticateAsync(settings.User, settings.Password, cancel).ConfigureAwait(false);
        await client.SendAsync(message, cancel).ConfigureAwait(false);
        await client.DisconnectAsync(quit: true, cancel).ConfigureAwait(false);
    }

    private static string Text(RunNotification n) => $"""
        {n.Subject}

        job:      {n.Job}
        task:     {n.TaskId}
        attempt:  {n.Attempt + 1}
        state:    {n.State}
        message:  {n.Message}
        time:     {InstantPattern.ExtendedIso.Format(n.At)}
        """;
}
