using Akka.Configuration;
using Mesos.Actors.Settings;
using Mesos.Host.Chronos;

namespace Mesos.Host.Tests.Chronos;

public sealed class ChronosSettingsTests
{
    private static ChronosSettings Read(string notificationUrl) => ChronosSettings.FromConfig(ConfigurationFactory.ParseString($"""
        mesos.chronos.master = "127.0.0.1:5050"
        mesos.chronos.work-dir = "/tmp/chronos"
        mesos.chronos.http-notification-url = "{notificationUrl}"
        """).WithFallback(ReferenceConfig.Get()));

    [Fact]
    public void The_notification_url_is_none_by_default_and_an_http_url_when_given()
    {
        Read("").HttpNotificationUrl.Should().BeNull();
        Read("https://hooks.example.com/chronos").HttpNotificationUrl.Should().Be(new Uri("https://hooks.example.com/chronos"));
    }

    [Theory]
    [InlineData("hooks.example.com/chronos")]
    [InlineData("file:///etc/passwd")]
    public void A_notification_url_that_is_not_http_is_refused_with_the_flag_named(string url)
    {
        var read = () => Read(url);

        read.Should().Throw<ConfigurationException>().WithMessage($"*--http_notification_url*{url}*");
    }
}
