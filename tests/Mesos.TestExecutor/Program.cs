using Mesos.TestExecutor;

// The agent tells an executor where it is and who it is in its environment, as Mesos does.
string Required(string name) => Environment.GetEnvironmentVariable(name)
    ?? throw new InvalidOperationException($"{name} is not set: this program is meant to be started by a Mesos agent");

var connection = new AgentConnection(Required("MESOS_AGENT_ENDPOINT"), Required("MESOS_FRAMEWORK_ID"), Required("MESOS_EXECUTOR_ID"));
return await new TestExecutor(connection, Console.Out).RunAsync();
