using System.Net;
using System.Net.Sockets;

namespace Mesos.Host.Http;

/// <summary>The address and hostname a process tells others to reach it at, decided once at start.</summary>
internal sealed record AdvertisedAddress(string Ip, string Hostname)
{
    /// <summary>
    /// The configured IP, or this machine's: the first non-loopback IPv4 address its hostname resolves to, else
    /// loopback. The configured hostname, or as Mesos decides without one: with <paramref name="lookup"/> the name
    /// the IP resolves to (the IP itself when it has none), without it the IP.
    /// </summary>
    public static AdvertisedAddress Resolve(string ip, string hostname, bool lookup)
    {
        var chosen = !string.IsNullOrEmpty(ip) && ip != IPAddress.Any.ToString()
            ? ip
            : (SafeLookup(Dns.GetHostName()).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
               ?? IPAddress.Loopback).ToString();
        if (!string.IsNullOrEmpty(hostname)) return new AdvertisedAddress(chosen, hostname);
        return new AdvertisedAddress(chosen, lookup ? NameOf(chosen) : chosen);
    }

    private static string NameOf(string ip)
    {
        try
        {
            return IPAddress.TryParse(ip, out var address) ? Dns.GetHostEntry(address).HostName : ip;
        }
        catch (SocketException)
        {
            return ip;
        }
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
