using System.Net;
using System.Net.Sockets;

namespace Mesos.Host.Http;

/// <summary>The address and hostname a process tells others to reach it at.</summary>
internal sealed record AdvertisedAddress(string Ip, string Hostname)
{
    /// <summary>The configured values, or this machine's: its first non-loopback IPv4 address, else loopback.</summary>
    public static AdvertisedAddress Resolve(string ip, string hostname)
    {
        var name = string.IsNullOrEmpty(hostname) ? Dns.GetHostName() : hostname;
        if (!string.IsNullOrEmpty(ip) && ip != IPAddress.Any.ToString()) return new AdvertisedAddress(ip, name);
        var addresses = SafeLookup(Dns.GetHostName());
        var chosen = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
                     ?? IPAddress.Loopback;
        return new AdvertisedAddress(chosen.ToString(), name);
    }

    private static IPAddress[] SafeLookup(string host)
    {
        try
        {
            return Dns.GetHostAddresses(host);
        }
        catch (SocketException)
        {
            return [];
        }
    }
}
