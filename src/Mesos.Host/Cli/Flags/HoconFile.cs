using System.Text.RegularExpressions;
using Akka.Configuration;

namespace Mesos.Host.Cli.Flags;

/// <summary>
/// A --config file, read by Akka's HOCON parser. What Akka would misread without a word is refused
/// with the line: optional substitutions (<c>${?X}</c>) silently corrupt the tree that follows them,
/// and environment variables are the flag layer's (MESOS_&lt;FLAG&gt;), not the file's.
/// </summary>
internal static partial class HoconFile
{
    public static Config Parse(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException e)
        {
            throw new ConfigurationException(e.Message);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new ConfigurationException(e.Message);
        }
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (OptionalSubstitution().IsMatch(lines[i]))
            {
                throw new ConfigurationException($"line {i + 1}: optional substitutions (${{?...}}) are not supported; set MESOS_<FLAG> or the flag instead");
            }
        }
        return ConfigurationFactory.ParseString(text);
    }

    [GeneratedRegex(@"\$\{\?")]
    private static partial Regex OptionalSubstitution();
}
