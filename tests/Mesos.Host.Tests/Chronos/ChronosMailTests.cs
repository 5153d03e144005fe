using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using Mesos.Host.Chronos;
using Mesos.Host.Chronos.Runs;
using Mesos.Host.Chronos.Scheduler;
using NodaTime;

namespace Mesos.Host.Tests.Chronos;

/// <summary>Owners who are e-mail addresses get a mail through a real SMTP server, as Chronos mails them.</summary>
public sealed class ChronosMailTests() : TestKit("akka.loglevel = WARNING")
{
    private static readonly Instant At = Instant.FromUtc(2026, 12, 7, 6, 0);

    private static Config Mail(string settings) => ConfigurationFactory.ParseString(settings);

    [Fact]
    public async Task A_failed_run_is_mailed_to_the_owners_who_are_addresses_from_the_configured_sender()
    {
        await using var inbox = new SmtpInbox();
        var settings = MailSettings.FromConfig(Mail($"""mail-server = "127.0.0.1:{inbox.Port}", mail-from = "chronos@cluster.example" """))!;
        var notifier = Sys.ActorOf(ChronosNotifier.Props(null, settings));
        var owners = "ops@example.com, http://hooks.invalid/x,dba@example.com";
        notifier.Tell(new RunNotification("nightly", false, "ct:1:0:nightly", 2, "TASK_FAILED", "Command exited with status 3", At, [])
        {
            MailOwners = RunNotification.MailOwnersOf(owners),
        });

        var mail = await inbox.Next(TimeSpan.FromSeconds(30));
        mail.From.Mailboxes.Select(m => m.Address).Should().Equal("chronos@cluster.example");
        mail.To.Mailboxes.Select(m => m.Address).Should().Equal("ops@example.com", "dba@example.com");
        mail.Subject.Should().Be("[Chronos] job nightly failed after 3 attempts");
        mail.TextBody.Should().Contain("ct:1:0:nightly").And.Contain("TASK_FAILED").And.Contain("Command exited with status 3");
    }

    [Fact]
    public void Owners_are_mailed_only_when_they_are_plain_addresses()
    {
        RunNotification.MailOwnersOf(" ops@example.com,http://hooks.local/a, Ops Team <team@example.com>,not an address,@example.com,")
            .Should().Equal("ops@example.com");
    }

    [Theory]
    [InlineData("""mail-server = "smtp.example.com" """, "--mail_server must be host:port")]
    [InlineData("""mail-server = "smtp.example.com:99999", mail-from = "a@b.c" """, "--mail_server must be host:port")]
    [InlineData("""mail-server = "smtp.example.com:587" """, "--mail_from is required")]
    [InlineData("""mail-server = "smtp.example.com:587", mail-from = "nobody" """, "--mail_from must be an e-mail address")]
    public void Mail_settings_that_cannot_work_are_refused_with_the_flag_to_fix(string settings, string message)
    {
        var read = () => MailSettings.FromConfig(Mail(settings));
        read.Should().Throw<ConfigurationException>().WithMessage($"*{message}*");
    }

    [Fact]
    public void Without_a_server_there_are_no_mail_settings_and_with_one_they_are_read_as_given()
    {
        MailSettings.FromConfig(Mail("")).Should().BeNull();
        MailSettings.FromConfig(Mail("""mail-server = "smtp.example.com:465", mail-from = "c@example.com", mail-user = u, mail-password = p, mail-ssl = true"""))
            .Should().Match<MailSettings>(m => m.Host == "smtp.example.com" && m.Port == 465 && m.User == "u" && m.Password == "p" && m.Ssl && m.From.Address == "c@example.com");
    }
}
