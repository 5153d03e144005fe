using System.Globalization;

namespace Mesos.Actors.Containerizer;

/// <summary>
/// How a container's first process learns to outlive its agent: it runs under a small shell (the exit
/// recorder) that runs the command as its child, writes how the command ended to a file (temporary
/// file, then rename), and then ends the same way. A restarted agent is not the parent of the processes
/// an earlier run of it started, so the kernel would never tell it their exit status; the file does.
/// The recorder survives the SIGTERM of a kill to write the file (its trap does nothing, and the command
/// gets the signal with its default disposition); a SIGKILL of the whole group leaves no file, which
/// the agent reads as an unknown end.
/// </summary>
internal static class ExitRecord
{
    // $1 is the file; the rest is the command. As any shell reports it, a status above 128 is a signal:
    // the recorder ends by that signal too, so that a parent waiting on it sees what its child did.
    private const string Recorder =
        "f=$1; shift; trap : TERM; \"$@\"; s=$?; echo $s > \"$f.tmp\" && mv -f \"$f.tmp\" \"$f\"; " +
        "if [ $s -gt 128 ] && [ $s -lt 160 ]; then trap - TERM; kill -$((s - 128)) $$; fi; exit $s";

    /// <summary>The command line that runs <paramref name="argv"/> under the recorder, writing to <paramref name="file"/>.</summary>
    public static (string Executable, List<string> Argv) Wrap(string file, string executable, IReadOnlyList<string> argv) =>
        ("/bin/sh", ["/bin/sh", "-c", Recorder, "mesos-exit-recorder", file, executable, .. argv.Skip(1)]);

    /// <summary>How the process ended as the recorder wrote it; <see cref="ContainerTermination.Unknown"/> when it wrote nothing readable.</summary>
    public static ContainerTermination Read(string file)
    {
        string text;
        try
        {
            text = File.ReadAllText(file).Trim();
        }
        catch (IOException)
        {
            return ContainerTermination.Unknown;
        }
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var status) || status > 255) return ContainerTermination.Unknown;
        return status is > 128 and < 160 ? ContainerTermination.KilledBy(status - 128) : ContainerTermination.Exit(status);
    }
}
