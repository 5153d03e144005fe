using Mesos.Actors.Protocol;
using System.Threading.Channels;
using Google.Protobuf;
using Mesos.Actors.Agent;
using Akka.Actor;
using Akka.TestKit;
using Mesos.V1;
using Mesos.V1.Executor;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Actors.Tests.Agent;

/// <summary>A custom executor without a process: the test makes its calls to the agent as the executor API endpoint would, and reads its events.</summary>
internal sealed class ExecutorClient(TestKitBase kit, IActorRef agent, string executorId = "ex")
{
    private Channel<Event> _events = Channel.CreateUnbounded<Event>();

    public ChannelWriter<Event> Writer => _events.Writer;

    public object Subscribe(params TaskInfo[] unacknowledgedTasks) => Subscribe(unacknowledgedTasks, []);

    public object Subscribe(IEnumerable<TaskInfo> unacknowledgedTasks, IEnumerable<TaskStatus> unacknowledgedUpdates)
    {
        _events = Channel.CreateUnbounded<Event>();
        var subscribe = new Call.Types.Subscribe { UnacknowledgedTasks = { unacknowledgedTasks } };
        subscribe.UnacknowledgedUpdates.AddRange(unacknowledgedUpdates.Select(s => new Call.Types.Update { Status = s }));
        agent.Tell(new SubscribeExecutor(NewCall(Call.Types.Type.Subscribe, c => c.Subscribe = subscribe), _events.Writer), kit.TestActor);
        return Answer();
    }

    public object Send(Call call)
    {
        agent.Tell(new ExecutorCallReceived(call), kit.TestActor);
        return Answer();
    }

    public object Update(string taskId, TaskState state, out ByteString uuid)
    {
        var update = new Call.Types.Update { Status = Status(taskId, state, ByteString.CopyFrom(Guid.NewGuid().ToByteArray())) };
        uuid = update.Status.Uuid;
        return Send(NewCall(Call.Types.Type.Update, c => c.Update = update));
    }

    public static TaskStatus Status(string taskId, TaskState state, ByteString uuid) =>
        new() { TaskId = new TaskID { Value = taskId }, State = state, Uuid = uuid, Source = TaskStatus.Types.Source.Executor };

    public Call NewCall(Call.Types.Type type, Action<Call>? fill = null)
    {
        var call = new Call { Type = type, FrameworkId = AgentEvents.FrameworkId, ExecutorId = new ExecutorID { Value = executorId } };
        fill?.Invoke(call);
        return call;
    }

    /// <summary>Every event the executor has been sent so far (on the calling thread, the actors have run all they were told).</summary>
    public List<Event> Events()
    {
        var events = new List<Event>();
        while (_events.Reader.TryRead(out var e)) events.Add(e);
        return events;
    }

    public bool StreamEnded => _events.Reader.Completion.IsCompleted;

    private object Answer() => kit.ExpectMsg<object>(m => m is CallAccepted or CallRefused);
}
