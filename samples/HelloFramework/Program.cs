using Akka.Actor;
using Mesos.Actors.Framework;
using Mesos.Actors.Protocol;
using Mesos.V1;
using Task = System.Threading.Tasks.Task;

var done = new TaskCompletionSource();
var master = args.Length > 0 ? args[0] : "127.0.0.1:5050";
var settings = new SchedulerSettings(master,
    new FrameworkInfo { User = System.Environment.UserName, Name = "hello", FailoverTimeout = 60 });
var system = ActorSystem.Create("hello");
system.ActorOf(Props.Create(() => new HelloScheduler(settings, 3, done)), "scheduler");
await done.Task;
await system.Terminate();

/// <summary>Runs `echo hello` a few times, then tears the framework down.</summary>
public sealed class HelloScheduler(SchedulerSettings settings, int count, TaskCompletionSource done)
    : SchedulerActor(settings)
{
    private static readonly Resources PerTask = Resources.Parse("cpus:0.1;mem:32");
    private int _launched;
    private int _ended;

    protected override void OnSubscribed(SchedulerEvent.Subscribed subscribed) =>
        Console.WriteLine($"Subscribed as {subscribed.FrameworkId.Value}");

    protected override void OnResourceOffers(SchedulerEvent.ResourceOffers offers)
    {
        foreach (var offer in offers.Offers)
        {
            var available = Resources.FromProtos(offer.Resources).Unallocated();
            var tasks = new List<TaskInfo>();
            while (_launched < count && available.Contains(PerTask))
            {
                var id = $"hello-{++_launched}";
                tasks.Add(new TaskInfo
                {
                    Name = id,
                    TaskId = new TaskID { Value = id },
                    Resources = { PerTask.ToProtos() },
                    Command = new CommandInfo { Value = "echo hello" },
                });
                available -= PerTask;
            }
            if (tasks.Count > 0) Launch(offer, tasks);
            else Decline([offer.Id], new Filters { RefuseSeconds = 30 });
        }
    }

    protected override void OnStatusUpdate(SchedulerEvent.StatusUpdate update)
    {
        var status = update.Status;
        Console.WriteLine($"{status.TaskId.Value}: {ProtoNames.Of(status.State)} {status.Message}");
        if (TaskStates.IsTerminal(status.State) && ++_ended == count)
        {
            Teardown().ContinueWith(_ => done.SetResult(), TaskScheduler.Default);
        }
    }

    protected override void OnDisconnected(SchedulerEvent.Disconnected disconnected) =>
        Console.WriteLine($"Disconnected ({disconnected.Reason}); subscribing again");

    protected override void OnError(SchedulerEvent.Error error)
    {
        Console.WriteLine($"The master refused the framework: {error.Message}");
        done.TrySetResult();
    }
}
