using System.Net.Http;
using System.Net.Sockets;

namespace Mesos.Actors.Protocol;

/// <summary>
/// HTTP connections that notice a master gone silent within seconds. A master cut off by the network (or
/// whose machine died) closes nothing: an event stream from it would wait out missed heartbeats, a minute
/// or more, before its reader looked for the new leader. With TCP keepalive probes after a short idle
/// time, the kernel declares such a connection dead after <see cref="DetectionTime"/>, the stream's read
/// fails, and the framework or agent looks for the leader at once. A live peer's kernel answers the probes:
/// they cost a few bytes per idle connection every <see cref="Idle"/>, and nothing of the processes.
/// </summary>
public static class KeepAliveConnections
{
    /// <summary>Silence on a connection before the first probe.</summary>
    public static readonly TimeSpan Idle = TimeSpan.FromSeconds(2);

    /// <summary>Between unanswered probes.</summary>
    public static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(1);

    /// <summary>Unanswered probes after which the connection is dead.</summary>
    public const int Probes = 3;

    /// <summary>How long a dead peer goes unnoticed at most.</summary>
    public static TimeSpan DetectionTime => Idle + ProbeInterval * Probes;

    /// <summary>A <see cref="SocketsHttpHandler.ConnectCallback"/> whose connections probe their peers.</summary>
    public static async ValueTask<Stream> Connect(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, (int)Idle.TotalSeconds);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, (int)ProbeInterval.TotalSeconds);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, Probes);
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
