using Mesos.Host.Cli;

return MesosCommand.Create().Parse(args).Invoke();
