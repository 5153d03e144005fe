using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using Mesos.Actors.Containerizer;
using ContainerInfo = Mesos.V1.ContainerInfo;

namespace Mesos.Docker;

/// <summary>
/// Mesos' docker containerizer over the Docker Engine API (no docker CLI): runs a task or executor with a
/// DOCKER ContainerInfo as container <c>mesos-&lt;containerId&gt;</c>, labelled with its owners, its image pulled
/// when missing or when force_pull_image says so, its output streamed into the sandbox's stdout and stderr.
/// After the agent's restart it finds its containers again by name, and kills those labelled for the agent
/// that the agent did not take back.
/// </summary>
public sealed class DockerContainerizer : IContainerizer, IDisposable
{
    private readonly ContainerizerSettings _settings;
    private readonly DockerEngine _engine;

    public DockerContainerizer(ContainerizerSettings settings)
    {
        _settings = settings;
        _engine = new DockerEngine(settings.DockerSocket);
    }

    public string Name => ContainerizerNames.Docker;

    public bool Supports(ContainerInfo? container) => container?.Type == ContainerInfo.Types.Type.Docker;

    /// <summary>Connects to the engine: its version and the API version spoken, for the agent's log.</summary>
    /// <exception cref="DockerUnavailableException">No engine answers on --docker_socket.</exception>
    public async Task<string> DescribeEngineAsync(CancellationToken cancellationToken = default)
    {
        await _engine.ClientAsync(cancellationToken);
        return $"Docker engine {_engine.EngineVersion} at {_engine.Endpoint}, API {_engine.ApiVersion}";
    }

    /// <exception cref="IOException">The container could not be run (<see cref="DockerLaunchException"/>, <see cref="DockerUnavailableException"/>); the message says why, for the task's status.</exception>
    public async Task<IContainer> LaunchAsync(ContainerLaunch launch, CancellationToken cancellationToken = default)
    {
        CreateContainerParameters parameters;
        try
        {
            parameters = DockerRun.Parameters(launch, _settings);
        }
        catch (ArgumentException e)
        {
            throw new DockerLaunchException(e.Message, e);
        }
        var client = await _engine.ClientAsync(cancellationToken);
        try
        {
            await EnsureImage(client, launch.Container!.Docker, cancellationToken);
            var created = await client.Containers.CreateContainerAsync(parameters, cancellationToken);
            return await DockerContainer.StartAsync(client, created.ID, launch, _settings.DockerStopTimeout, _engine.ApiVersion!, cancellationToken);
        }
        catch (DockerApiException e)
        {
            throw new DockerLaunchException($"Failed to run container {parameters.Name} of image '{parameters.Image}': {Message(e)}", e);
        }
        catch (Exception e) when (e is HttpRequestException || (e is IOException && e is not DockerLaunchException))
        {
            _engine.Reset();
            throw new IOException($"Lost the Docker engine at {_engine.Endpoint} while running container {parameters.Name}: {DockerEngine.Innermost(e).Message}", e);
        }
    }

    /// <summary>Finds the container again by its name: re-attached while it runs, or ended with the exit code the engine kept.</summary>
    /// <exception cref="IOException">The engine could not be asked (<see cref="DockerUnavailableException"/>, or a call it failed).</exception>
    public async Task<IContainer> RecoverAsync(ContainerRecovery recovery, CancellationToken cancellationToken = default)
    {
        var client = await _engine.ClientAsync(cancellationToken);
        try
        {
            return await DockerContainer.RecoverAsync(client, recovery, _settings.DockerStopTimeout, _engine.ApiVersion!, cancellationToken);
        }
        catch (DockerApiException e)
        {
            throw new IOException($"Failed to find container {DockerRun.ContainerName(recovery.ContainerId)} again: {Message(e)}", e);
        }
        catch (HttpRequestException e)
        {
            _engine.Reset();
            throw new IOException($"Lost the Docker engine at {_engine.Endpoint} while finding container {DockerRun.ContainerName(recovery.ContainerId)} again: {e.Message}", e);
        }
    }

    /// <summary>
    /// As Mesos' docker containerizer (--docker_kill_orphans): every container labelled for this agent that it did not
    /// take back is stopped (SIGKILL after --docker_stop_timeout) and removed, whether it runs or had ended.
    /// </summary>
    /// <exception cref="IOException">The engine could not be asked (<see cref="DockerUnavailableException"/>, or a call it failed).</exception>
    public async Task<IReadOnlyList<string>> KillOrphansAsync(string agentId, IReadOnlySet<string> recovered, CancellationToken cancellationToken = default)
    {
        var client = await _engine.ClientAsync(cancellationToken);
        try
        {
            var filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{ContainerLabels.AgentId}={agentId}"] = true } };
            var listed = await client.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = filters }, cancellationToken);
            var orphans = listed.Where(c => !(c.Labels?.TryGetValue(ContainerLabels.ContainerId, out var id) == true && recovered.Contains(id))).ToList();
            await Task.WhenAll(orphans.Select(c => Kill(client, c, cancellationToken)));
            return [.. orphans.Select(c => c.Labels is { } labels && labels.TryGetValue(ContainerLabels.ContainerId, out var id) ? id : c.ID)];
        }
        catch (DockerApiException e)
        {
            throw new IOException($"Failed to find the containers of agent {agentId}: {Message(e)}", e);
        }
        catch (HttpRequestException e)
        {
            _engine.Reset();
            throw new IOException($"Lost the Docker engine at {_engine.Endpoint} while finding the containers of agent {agentId}: {e.Message}", e);
        }
    }

    private async Task Kill(DockerClient client, ContainerListResponse container, CancellationToken cancellationToken)
    {
        if (container.State == "running")
        {
            try
            {
                await client.Containers.StopContainerAsync(container.ID,
                    new ContainerStopParameters { WaitBeforeKillSeconds = (uint)Math.Ceiling(_settings.DockerStopTimeout.TotalSeconds) }, cancellationToken);
            }
            catch (DockerContainerNotFoundException)
            {
                return;
            }
        }
        try
        {
            await client.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true }, cancellationToken);
        }
        catch (DockerContainerNotFoundException)
        {
            // Gone already.
        }
    }

    public void Dispose() => _engine.Dispose();

    // As Mesos: the image is pulled when the engine lacks it, or always with force_pull_image.
    private static async Task EnsureImage(DockerClient client, ContainerInfo.Types.DockerInfo docker, CancellationToken cancellationToken)
    {
        if (!docker.ForcePullImage)
        {
            try
            {
                await client.Images.InspectImageAsync(docker.Image, cancellationToken);
                return;
            }
            catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
            }
        }
        try
        {
            await client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = docker.Image }, null, new Progress<JSONMessage>(), cancellationToken);
            await client.Images.InspectImageAsync(docker.Image, cancellationToken);
        }
        catch (DockerApiException e)
        {
            throw new DockerLaunchException($"Failed to pull image '{docker.Image}': {Message(e)}", e);
        }
    }

    /// <summary>The engine's own words: its JSON error body carries a "message".</summary>
    internal static string Message(DockerApiException e)
    {
        try
        {
            using var body = System.Text.Json.JsonDocument.Parse(e.ResponseBody ?? "");
            if (body.RootElement.TryGetProperty("message", out var message) && message.GetString() is { } text) return text;
        }
        catch (System.Text.Json.JsonException)
        {
        }
        return string.IsNullOrWhiteSpace(e.ResponseBody) ? e.Message : e.ResponseBody.Trim();
    }
}

/// <summary>The engine answered, but the container cannot run as asked: the message says why.</summary>
public sealed class DockerLaunchException(string message, Exception inner) : IOException(message, inner);
