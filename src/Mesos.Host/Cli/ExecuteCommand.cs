using System.CommandLine;
using System.Text.Json;
using Mesos.Actors.Framework;
using Mesos.Actors.Protocol;
using Mesos.Actors.Protocol.Json;
using Akka.Actor;
using Akka.Configuration;
using Mesos.Actors.Settings;
using Mesos.Host.Cli.Flags;

namespace Mesos.Host.Cli;

/// <summary>
/// `mesos execute`: runs one command as a task on the cluster, prints its state changes, and exits 0
/// when it finished, 1 otherwise, as Mesos' mesos-execute.
/// </summary>
internal static class ExecuteCommand
{
    public static Command Create()
    {
        var master = new Option<string>("--master") { Description = "The master: host:port (several: host1:port1,host2:port2).", Required = true };
        var name = new Option<string>("--name") { Description = "The task's name, also its id.", Required = true };
        var command = new Option<string>("--command") { Description = "The shell command to run.", Required = true };
        var resources = new Option<string>("--resources")
        {
            Description = "The task's resources.",
            DefaultValueFactory = _ => "cpus:1;mem:128",
        };
        var env = new Option<string>("--env") { Description = "Environment variables of the command, as a JSON object: {\"NAME\":\"value\"}." };
        var role = new Option<string>("--role") { Description = "The role whose resources the task uses.", DefaultValueFactory = _ => "*" };
        var killAfter = new Option<string>("--kill_after") { Description = "Kill the task after this long, e.g. 10secs." };
        var frameworkName = new Option<string>("--framework_name")
        {
            Description = "The framework's name.",
            DefaultValueFactory = _ => "mesos-execute instance",
        };

        var containerizer = new Option<string>("--containerizer")
        {
            Description = "The containerizer that runs the task: mesos, or docker (with --docker_image).",
            DefaultValueFactory = _ => "mesos",
        };
        var dockerImage = new Option<string>("--docker_image") { Description = "The Docker image to run the command in (with --containerizer=docker)." };
        var uris = new Option<string>("--uris")
        {
            Description = "URIs the agent fetches into the task's sandbox before it runs, comma-separated: http(s) URLs or absolute paths; archives are extracted.",
        };

        var healthCheck = new Option<string>("--health_check")
        {
            Description = "The task's health check, as Mesos' HealthCheck JSON: {\"http\":{\"port\":8080,\"path\":\"/health\"},\"consecutive_failures\":3}.",
        };

        var checkpoint = new Option<bool>("--checkpoint")
        {
            Description = "Subscribe with checkpointing, so that the task survives a restart of its agent (default: false).",
        };

        var execute = new Command("execute", "Run a command as a task on the cluster and report its state changes.")
        {
            master, name, command, resources, env, role, killAfter, frameworkName, containerizer, dockerImage, uris, healthCheck, checkpoint,
        };
        execute.SetAction((parsed, cancel) =>
        {
            var request = Parse(
                parsed.GetValue(master)!, parsed.GetValue(name)!, parsed.GetValue(command)!, parsed.GetValue(resources)!,
                parsed.GetValue(env), parsed.GetValue(role)!, parsed.GetValue(killAfter), parsed.GetValue(frameworkName)!,
                parsed.GetValue(containerizer)!, parsed.GetValue(dockerImage), parsed.GetValue(uris), parsed.GetValue(healthCheck), out var error);
            if (request is null)
            {
                Console.Error.WriteLine(error);
                return Task.FromResult(1);
            }
            return Run(request with { Checkpoint = parsed.GetValue(checkpoint) }, cancel);
        });
        return execute;
    }

    /// <summary>The request the flags describe, or null with what is wrong with them.</summary>
    internal static ExecuteRequest? Parse(string masters, string name, string command, string resources, string? env,
        string role, string? killAfter, string frameworkName, string containerizer, string? dockerImage, string? uris, string? healthCheck, out string? error)
    {
        error = null;
        IReadOnlyList<MasterAddress> addresses;
        try
        {
            addresses = MasterAddress.ParseList(masters);
        }
        catch (FormatException e)
        {
            error = $"Invalid --master: {e.Message}";
            return null;
        }
        if (string.IsNullOrWhiteSpace(name)) error = "Invalid --name: it is empty";
        else if (string.IsNullOrWhiteSpace(command)) error = "Invalid --command: it is empty";
        else if (string.IsNullOrWhiteSpace(role)) error = "Invalid --role: it is empty";
        if (error is not null) return null;

        if (!Resources.TryParse(resources, out var parsedResources, out var resourceError) || parsedResources.IsEmpty)
        {
            error = $"Invalid --resources '{resources}': {resourceError ?? "no resources given"}";
            return null;
        }
        var environment = env is null ? null : ParseEnvironment(env, out error);
        if (error is not null) return null;
        TimeSpan? after = null;
        if (killAfter is not null)
        {
            if (!MesosDuration.TryParse(killAfter, out var duration))
            {
                error = $"Invalid --kill_after '{killAfter}': expected a duration such as 10secs, 500ms or 2mins";
                return null;
            }
            after = duration;
        }
        var container = Container(containerizer, dockerImage, out error);
        if (error is not null) return null;
        var health = healthCheck is null ? null : ParseHealthCheck(healthCheck, out error);
        if (error is not null) return null;
        return new ExecuteRequest(addresses, name, command, parsedResources, environment, role, after, frameworkName)
        {
            Container = container,
            HealthCheck = health,
            Uris = [.. (uris ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
        };
    }

    /// <summary>As mesos-execute: the docker containerizer runs the command in --docker_image on the host's network.</summary>
    private static Mesos.V1.ContainerInfo? Container(string containerizer, string? dockerImage, out string? error)
    {
        error = null;
        switch (containerizer)
        {
            case "docker" when string.IsNullOrWhiteSpace(dockerImage):
                error = "Invalid --containerizer=docker: it needs --docker_image";
                return null;
            case "docker":
                return new Mesos.V1.ContainerInfo
                {
                    Type = Mesos.V1.ContainerInfo.Types.Type.Docker,
                    Docker = new Mesos.V1.ContainerInfo.Types.DockerInfo { Image = dockerImage, Network = Mesos.V1.ContainerInfo.Types.DockerInfo.Types.Network.Host },
                };
            case "mesos" when dockerImage is not null:
                error = "Invalid --docker_image: the mesos containerizer runs commands on the agent's own filesystem; use --containerizer=docker";
                return null;
            case "mesos":
                return null;
            default:
                error = $"Invalid --containerizer '{containerizer}': expected mesos or docker";
                return null;
        }
    }

    private static Mesos.V1.HealthCheck? ParseHealthCheck(string json, out string? error)
    {
        error = null;
        Mesos.V1.HealthCheck check;
        try
        {
            check = MesosJson.Parse<Mesos.V1.HealthCheck>(json);
        }
        catch (MesosJsonException e)
        {
            error = $"Invalid --health_check: {e.Message}";
            return null;
        }
        if (check.Http is null && check.Tcp is null && check.Command is null)
        {
            error = "Invalid --health_check: it needs one of http, tcp or command";
            return null;
        }
        return check;
    }

    private static Mesos.V1.Environment? ParseEnvironment(string json, out string? error)
    {
        error = null;
        const string expected = "expected a JSON object of strings, e.g. {\"NAME\":\"value\"}";
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = $"Invalid --env: {expected}";
                return null;
            }
            var environment = new Mesos.V1.Environment();
            foreach (var variable in document.RootElement.EnumerateObject())
            {
                if (variable.Value.ValueKind != JsonValueKind.String)
                {
                    error = $"Invalid --env: the value of '{variable.Name}' is not a string; {expected}";
                    return null;
                }
                environment.Variables.Add(new Mesos.V1.Environment.Types.Variable { Name = variable.Name, Value = variable.Value.GetString()! });
            }
            return environment;
        }
        catch (JsonException e)
        {
            error = $"Invalid --env: {e.Message}; {expected}";
            return null;
        }
    }

    // Standard output is the task's story, line for line as mesos-execute tells it: Akka logs only what
    // went wrong, to standard error, and its stdout logger (which speaks while the system starts and
    // stops) is off.
    private static readonly Config QuietConfig = ConfigurationFactory.ParseString("""
        akka {
          loglevel = WARNING
          stdout-loglevel = OFF
          loggers = ["Mesos.Host.Cli.StandardErrorLogger, mesos"]
        }
        """);

    private static async Task<int> Run(ExecuteRequest request, CancellationToken cancel)
    {
        var exitCode = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var system = ActorSystem.Create("mesos-execute", ReferenceConfig.WithDefaults(QuietConfig));
        try
        {
            system.ActorOf(Props.Create(() => new ExecuteScheduler(request, Console.Out, Console.Error, exitCode)), "scheduler");
            return await exitCode.Task.WaitAsync(cancel);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            Console.Error.WriteLine("Interrupted; the master removes the framework and its task");
            return 1;
        }
        finally
        {
            await system.Terminate();
        }
    }
}
