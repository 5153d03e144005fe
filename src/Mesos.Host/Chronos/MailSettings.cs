using System.Globalization;
using Akka.Configuration;
using MimeKit;

namespace Mesos.Host.Chronos;

/// <summary>
/// The SMTP server through which Chronos mails job owners who are e-mail addresses (--mail_server,
/// --mail_from, --mail_user, --mail_password, --mail_ssl, as Chronos names them), bound from mesos.chronos.
/// </summary>
internal sealed record MailSettings(string Host, int Port, MailboxAddress From, string User, string Password, bool Ssl)
{
    /// <summary>The mail settings under <paramref name="chronos"/> (mesos.chronos); null when no server is given.</summary>
    /// <exception cref="ConfigurationException">A mail setting is missing or malformed, with which and why.</exception>
    public static MailSettings? FromConfig(Config chronos)
    {
        var server = chronos.GetString("mail-server", "");
        if (server.Length == 0) return null;
        var colon = server.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(server[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new ConfigurationException($"--mail_server must be host:port (smtp.example.com:587), not '{server}'");
        }
        var from = chronos.GetString("mail-from", "");
        if (!MailboxAddress.TryParse(from, out var sender) || !sender.Address.Contains('@', StringComparison.Ordinal))
        {
            throw new ConfigurationException(from.Length == 0 ? "--mail_from is required with --mail_server: the sender's address" : $"--mail_from must be an e-mail address, not '{from}'");
        }
        return new MailSettings(server[..colon], port, sender, chronos.GetString("mail-user", ""), chronos.GetString("mail-password", ""), chronos.GetBoolean("mail-ssl", false));
    }
}
