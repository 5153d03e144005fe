using System.Globalization;
using System.Text.RegularExpressions;
using Mesos.Actors.Protocol;
using Mesos.Host.Chronos.Jobs;
using Mesos.Host.Chronos.Runs;
using Mesos.V1;

namespace Mesos.Host.Chronos.Scheduler;

/// <summary>What a run needs of an offer, and the task it becomes on one.</summary>
public static class RunTasks
{
    public static Resources Needs(JobDefinition job) => Resources.Parse(string.Create(CultureInfo.InvariantCulture,
        $"cpus:{job.Cpus};mem:{job.Mem}{(job.Disk > 0 ? $";disk:{job.Disk}" : "")}"));

    /// <summary>Whether the offer's agent meets every constraint of the job (EQUALS, LIKE, UNLIKE on an attribute or hostname).</summary>
    public static bool Meets(JobDefinition job, Offer offer) => job.Constraints.All(c => Meets(c, ValueOf(c.Attribute, offer)));

    public static TaskInfo Build(JobRun run, JobDefinition job, Offer offer)
    {
        var command = new CommandInfo { Shell = job.Shell };
        var arguments = job.Arguments.Concat(run.Arguments).ToList();
        if (job.Shell)
        {
            command.Value = arguments.Count == 0 ? job.Command : job.Command + " " + string.Join(' ', arguments);
        }
        else
        {
            command.Value = job.Command;
            command.Arguments.Add(job.Command);
            command.Arguments.AddRange(arguments);
        }
        if (job.RunAsUser is { } user) command.User = user;
        command.Uris.AddRange(job.Fetch.Select(f => new CommandInfo.Types.URI { Value = f.Uri, Cache = f.Cache, Extract = f.Extract, Executable = f.Executable }));
        if (!job.EnvironmentVariables.IsEmpty)
        {
            command.Environment = new Mesos.V1.Environment();
            command.Environment.Variables.AddRange(job.EnvironmentVariables.Select(v => new Mesos.V1.Environment.Types.Variable { Name = v.Name, Value = v.Value }));
        }
        var task = new TaskInfo
        {
            Name = "ChronosTask:" + job.Name,
            TaskId = new TaskID { Value = run.TaskId },
            AgentId = offer.AgentId,
            Resources = { Needs(job).ToProtos() },
            Command = command,
        };
        if (job.Container is { } container) task.Container = Container(container);
        return task;
    }

    private static ContainerInfo Container(JobContainer container)
    {
        var info = new ContainerInfo { Type = container.Type == "MESOS" ? ContainerInfo.Types.Type.Mesos : ContainerInfo.Types.Type.Docker };
        info.Volumes.AddRange(container.Volumes.Select(v => new Volume
        {
            ContainerPath = v.ContainerPath,
            HostPath = v.HostPath,
            Mode = v.Mode == "RO" ? Volume.Types.Mode.Ro : Volume.Types.Mode.Rw,
        }));
        if (info.Type == ContainerInfo.Types.Type.Docker)
        {
            info.Docker = new ContainerInfo.Types.DockerInfo
            {
                Image = container.Image,
                ForcePullImage = container.ForcePullImage,
                Network = container.Network switch
                {
                    "BRIDGE" => ContainerInfo.Types.DockerInfo.Types.Network.Bridge,
                    "NONE" => ContainerInfo.Types.DockerInfo.Types.Network.None,
                    "USER" => ContainerInfo.Types.DockerInfo.Types.Network.User,
                    _ => ContainerInfo.Types.DockerInfo.Types.Network.Host,
                },
            };
            info.Docker.Parameters.AddRange(container.Parameters.Select(p => new Parameter { Key = p.Key, Value = p.Value }));
        }
        else
        {
            info.Mesos = new ContainerInfo.Types.MesosInfo { Image = new Image { Type = Image.Types.Type.Docker, Docker = new Image.Types.Docker { Name = container.Image } } };
        }
        return info;
    }

    private static string? ValueOf(string attribute, Offer offer)
    {
        if (attribute == "hostname") return offer.Hostname;
        var found = offer.Attributes.FirstOrDefault(a => a.Name == attribute);
        return found?.Type switch
        {
            Value.Types.Type.Text => found.Text.Value,
            Value.Types.Type.Scalar => found.Scalar.Value.ToString(CultureInfo.InvariantCulture),
            _ => null,
        };
    }

    private static bool Meets(JobConstraint constraint, string? value) => constraint.Operator switch
    {
        "EQUALS" => value == constraint.Value,
        "LIKE" => value is not null && FullMatch(constraint.Value, value),
        "UNLIKE" => value is null || !FullMatch(constraint.Value, value),
        _ => false,
    };

    private static bool FullMatch(string pattern, string value) =>
        Regex.IsMatch(value, $"^(?:{pattern})$", RegexOptions.None, TimeSpan.FromMilliseconds(100));
}
