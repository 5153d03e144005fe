using System.Text;

namespace Mesos.Actors.Cluster;

/// <summary>The member list carried by a configuration entry: member ids joined by newlines.</summary>
internal static class Membership
{
    public static byte[] Encode(IEnumerable<string> members) => Encoding.UTF8.GetBytes(string.Join('\n', members));

    public static string[] Decode(byte[] data) =>
        data.Length == 0 ? [] : Encoding.UTF8.GetString(data).Split('\n');
}
