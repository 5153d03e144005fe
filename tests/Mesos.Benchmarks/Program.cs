using Mesos.Benchmarks;

// Each suite takes the arguments after its name and returns the process exit code.
var suites = new Dictionary<string, Func<string[], int>>(StringComparer.Ordinal)
{
    ["actors"] = ActorSuite.Run,
    ["launch"] = Mesos.Benchmarks.Launch.LaunchSuite.Run,
    ["allocator"] = Mesos.Benchmarks.Allocator.AllocatorSuite.Run,
    ["scale"] = Mesos.Benchmarks.Simulation.ScaleSuite.Run,
    ["ui"] = Mesos.Benchmarks.Simulation.UiSuite.Run,
    ["registry"] = Mesos.Benchmarks.Registry.RegistrySuite.Run,
    ["failover"] = Mesos.Benchmarks.Failover.FailoverSuite.Run,
    ["agent-failover"] = Mesos.Benchmarks.Failover.AgentFailoverSuite.Run,
    ["recovery"] = Mesos.Benchmarks.Recovery.AgentRecoverySuite.Run,
    ["marathon"] = Mesos.Benchmarks.Marathon.MarathonSuite.Run,
};

if (args.Length == 0 || !suites.TryGetValue(args[0], out var suite))
{
    Console.Error.WriteLine("usage: Mesos.Benchmarks <suite>");
    Console.Error.WriteLine($"suites: {string.Join(", ", suites.Keys)}");
    return 2;
}
return suite(args[1..]);
