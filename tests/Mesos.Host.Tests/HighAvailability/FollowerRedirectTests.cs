using Mesos.Actors.Framework;
using Mesos.Host.Master.HighAvailability;
using Microsoft.AspNetCore.Http;

namespace Mesos.Host.Tests.HighAvailability;

/// <summary>/redirect on a master that knows of no leader: at once by default, as soon as one leads for a client that prefers to wait.</summary>
public sealed class FollowerRedirectTests
{
    private readonly Leadership _leadership = Leadership.InCluster();

    private Task Redirect(HttpContext context) =>
        new FollowerRedirects(_ => throw new InvalidOperationException("A follower answers /redirect itself"), _leadership).InvokeAsync(context);

    private static DefaultHttpContext Request(string? prefer = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = "/redirect";
        if (prefer is not null) context.Request.Headers["Prefer"] = prefer;
        context.Response.Body = new MemoryStream();
        return context;
    }

    [Fact]
    public async Task Without_a_preference_it_answers_503_at_once_as_Mesos_does()
    {
        var context = Request();
        await Redirect(context);
        context.Response.StatusCode.Should().Be(StatusCodes.Status503ServiceUnavailable);
    }

    [Fact]
    public async Task A_client_that_prefers_to_wait_is_answered_the_moment_a_master_leads()
    {
        var context = Request("respond-async, wait=30");
        var answering = Redirect(context);
        answering.IsCompleted.Should().BeFalse("no master leads yet");

        _leadership.Update(new LeaderView(false, new MasterAddress("10.0.0.2", 5050), 0));

        await answering.WaitAsync(TimeSpan.FromSeconds(10));
        context.Response.StatusCode.Should().Be(StatusCodes.Status307TemporaryRedirect);
        context.Response.Headers.Location.ToString().Should().Be("//10.0.0.2:5050");
    }

    [Fact]
    public async Task A_client_that_goes_away_while_it_waits_is_let_go()
    {
        var context = Request("wait=30");
        using var gone = new CancellationTokenSource();
        context.RequestAborted = gone.Token;
        var answering = Redirect(context);
        answering.IsCompleted.Should().BeFalse();

        await gone.CancelAsync();

        await answering.WaitAsync(TimeSpan.FromSeconds(10));
        context.Response.StatusCode.Should().Be(StatusCodes.Status503ServiceUnavailable);
    }

    [Theory]
    [InlineData("wait=abc")]
    [InlineData("wait=-1")]
    [InlineData("wait=99999999999999999999")]
    [InlineData("handling=lenient")]
    public async Task A_preference_that_is_no_wait_in_seconds_is_ignored(string prefer)
    {
        var context = Request(prefer);
        await Redirect(context).WaitAsync(TimeSpan.FromSeconds(10));
        context.Response.StatusCode.Should().Be(StatusCodes.Status503ServiceUnavailable);
    }
}
