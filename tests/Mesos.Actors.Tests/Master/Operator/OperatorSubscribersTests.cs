using System.Threading.Channels;
using Mesos.Actors.Master.Operator;
using Mesos.V1.Master;

namespace Mesos.Actors.Tests.Master.Operator;

public sealed class OperatorSubscribersTests
{
    private static readonly Event Heartbeat = new() { Type = Event.Types.Type.Heartbeat };

    private static Channel<Event> Stream(int capacity = 10) => Channel.CreateBounded<Event>(capacity);

    private static List<Event> Read(Channel<Event> stream)
    {
        var events = new List<Event>();
        while (stream.Reader.TryRead(out var e)) events.Add(e);
        return events;
    }

    private static (OperatorSubscribers Subscribers, Channel<Event> A, Channel<Event> B) TwoStreams()
    {
        var subscribers = new OperatorSubscribers(10);
        var a = Stream();
        var b = Stream();
        subscribers.Add("a", a.Writer);
        subscribers.Add("b", b.Writer);
        return (subscribers, a, b);
    }

    [Fact]
    public void Publish_writes_to_every_stream()
    {
        var (subscribers, a, b) = TwoStreams();

        subscribers.Publish(Heartbeat).Should().BeEmpty();

        Read(a).Should().Equal(Heartbeat);
        Read(b).Should().Equal(Heartbeat);
    }

    [Fact]
    public void A_full_stream_is_closed_and_forgotten()
    {
        var subscribers = new OperatorSubscribers(10);
        var full = Stream(capacity: 1);
        subscribers.Add("full", full.Writer);
        subscribers.Publish(Heartbeat).Should().BeEmpty();

        subscribers.Publish(Heartbeat).Should().Equal("full");

        subscribers.Count.Should().Be(0);
        Read(full).Should().ContainSingle();
        full.Reader.Completion.IsCompleted.Should().BeTrue();
        subscribers.Send("full", Heartbeat).Should().BeFalse();
    }

    [Fact]
    public void Beyond_the_maximum_the_oldest_stream_is_closed()
    {
        var subscribers = new OperatorSubscribers(2);
        var first = Stream();
        subscribers.Add("first", first.Writer).Should().BeEmpty();
        subscribers.Add("second", Stream().Writer).Should().BeEmpty();

        subscribers.Add("third", Stream().Writer).Should().Equal("first");

        subscribers.Count.Should().Be(2);
        first.Reader.Completion.IsCompleted.Should().BeTrue();
    }

    [Fact]
    public void Send_reaches_one_stream_only()
    {
        var (subscribers, a, b) = TwoStreams();

        subscribers.Send("b", Heartbeat).Should().BeTrue();

        Read(a).Should().BeEmpty();
        Read(b).Should().Equal(Heartbeat);
    }

    [Fact]
    public void Remove_closes_the_stream()
    {
        var subscribers = new OperatorSubscribers(10);
        var a = Stream();
        subscribers.Add("a", a.Writer);
        subscribers.Remove("a");
        subscribers.Count.Should().Be(0);
        a.Reader.Completion.IsCompleted.Should().BeTrue();
    }
}
