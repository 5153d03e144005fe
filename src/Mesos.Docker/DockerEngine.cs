using Docker.DotNet;

namespace Mesos.Docker;

/// <summary>
/// The Docker Engine API on its unix socket, at the API version both sides speak: the engine's own,
/// capped at the newest this client knows (an older engine, such as Debian's 20.10 at 1.41, is
/// spoken to at its version). Negotiated on first use, and again after a failure.
/// </summary>
internal sealed class DockerEngine(string socket) : IDisposable
{
    /// <summary>The newest API version the client library's models describe (Docker 29).</summary>
    public static readonly Version NewestApiVersion = new(1, 52);

    private readonly SemaphoreSlim _connecting = new(1, 1);
    private DockerClient? _client;

    public string Endpoint => "unix://" + socket;

    /// <summary>The API version spoken, once negotiated.</summary>
    public Version? ApiVersion { get; private set; }

    /// <summary>The engine's own version, once negotiated.</summary>
    public string? EngineVersion { get; private set; }

    /// <exception cref="DockerUnavailableException">No engine answers on the socket.</exception>
    public async Task<DockerClient> ClientAsync(CancellationToken cancellationToken)
    {
        if (_client is { } connected) return connected;
        await _connecting.WaitAsync(cancellationToken);
        try
        {
            if (_client is not null) return _client;
            using var unversioned = Builder().Build();
            global::Docker.DotNet.Models.VersionResponse version;
            try
            {
                version = await unversioned.System.GetVersionAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new DockerUnavailableException($"Failed to connect to the Docker engine at {Endpoint}: {Innermost(e).Message}", e);
            }
            var spoken = Version.TryParse(version.APIVersion, out var engine) && engine < NewestApiVersion ? engine : NewestApiVersion;
            EngineVersion = version.Version;
            ApiVersion = spoken;
            _client = Builder().WithApiVersion(spoken).Build();
            return _client;
        }
        finally
        {
            _connecting.Release();
        }
    }

    /// <summary>After a call found the engine gone: the next call negotiates again.</summary>
    public void Reset()
    {
        var client = Interlocked.Exchange(ref _client, null);
        client?.Dispose();
    }

    public void Dispose()
    {
        _client?.Dispose();
        _connecting.Dispose();
    }

    public static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;

    private DockerClientBuilder Builder() => new DockerClientBuilder().WithEndpoint(new Uri(Endpoint));
}

/// <summary>The Docker engine does not answer.</summary>
public sealed class DockerUnavailableException(string message, Exception inner) : IOException(message, inner);
