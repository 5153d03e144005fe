using Mesos.Actors.Framework;
using Akka.Actor;
using Mesos.TestScheduler;
using Mesos.V1;

// A framework process for tests, written on the SDK as an application would be: it launches a batch
// of command tasks and prints what it sees on stdout, one line per fact, for the test to read.
var options = BatchOptions.Parse(args);
var info = new FrameworkInfo
{
    User = System.Environment.UserName,
    Name = options.Name,
    FailoverTimeout = options.FailoverTimeout,
};
if (options.FrameworkId is { } id) info.Id = new FrameworkID { Value = id };

var done = new TaskCompletionSource();
using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(
    System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
    {
        context.Cancel = true;
        done.TrySetResult();
    });
var system = ActorSystem.Create("test-scheduler");
system.ActorOf(Props.Create(() => new BatchScheduler(new SchedulerSettings(options.Master, info) { AutoAcknowledge = false }, options, done)), "scheduler");
await done.Task;
await system.Terminate();
