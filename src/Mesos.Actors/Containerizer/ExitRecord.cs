using System.Globalization;

namespace Mesos.Actors.Containerizer;

/// <summary>
/// How a container's first process learns to outlive its agent: it runs under a small recorder that runs the command
/// as its child, writes how the command ended to a file (temporary file, then rename), and then ends the same way. A
/// restarted agent is not the parent of the processes an earlier run of it started, so the kernel would never tell it
/// their exit status; the file does.
/// <para>
/// The recorder is a few lines of Perl (perl-base is part of every Debian system), which sees the command's raw wait
/// status and so tells <c>exit 130</c> from death by SIGINT. It leaves the command the process group the agent
/// signals (whose id is the container's pid) and moves itself out of it, so that a SIGKILL of that whole group (the
/// agent's kill after the grace period, or anyone's <c>kill -9 -pid</c>) ends the command and still leaves the
/// record; it ignores SIGTERM, SIGINT and SIGHUP sent to it alone. Where no perl is installed a POSIX shell records
/// instead, which cannot tell an exit status above 128 from a signal, and dies with the group.
/// </para>
/// </summary>
internal static class ExitRecord
{
    // $ARGV[0] is the file; the rest is the command. The child keeps the group the agent kills; the recorder joins a group
    // of its own, made by a helper it puts there and kills, since a group's leader may leave it only for an existing group.
    private const string PerlRecorder =
        "my $f = shift @ARGV; $SIG{$_} = 'IGNORE' for qw(TERM INT HUP); " +
        "my $c = fork; defined($c) or die(\"mesos-exit-recorder: fork: $!\\n\"); " +
        "if (!$c) { $SIG{$_} = 'DEFAULT' for qw(TERM INT HUP); exec { $ARGV[0] } @ARGV; print STDERR \"mesos-exit-recorder: $ARGV[0]: $!\\n\"; CORE::exit(127) } " +
        "my $h = fork; if (defined($h) && !$h) { sleep(60) while 1 } " +
        "if ($h) { setpgrp($h, $h) and setpgrp(0, $h); kill('KILL', $h); waitpid($h, 0) } " +
        "my $w; do { $w = waitpid($c, 0) } while ($w == -1 && $!{EINTR}); " +
        "my $s = $?; my $g = $s & 127; my $t = $g ? \"signal $g\" : 'exit ' . ($s >> 8); " +
        "if (open(my $o, '>', \"$f.tmp\")) { print $o \"$t\\n\"; close($o) and rename(\"$f.tmp\", $f) } " +
        "if ($g) { $SIG{$_} = 'DEFAULT' for qw(TERM INT HUP); kill($g, $$); CORE::exit(128 + $g) } CORE::exit($s >> 8)";

    // The same with a POSIX shell: a status above 128 is taken for a signal, which the recorder ends by too.
    private const string ShellRecorder =
        "f=$1; shift; trap : TERM; \"$@\"; s=$?; echo $s > \"$f.tmp\" && mv -f \"$f.tmp\" \"$f\"; " +
        "if [ $s -gt 128 ] && [ $s -lt 160 ]; then trap - TERM; kill -$((s - 128)) $$; fi; exit $s";

    private static readonly Lazy<string?> Perl = new(() => Find("perl"));

    /// <summary>The command line that runs <paramref name="argv"/> under the recorder, writing to <paramref name="file"/>.</summary>
    public static (string Executable, List<string> Argv) Wrap(string file, string executable, IReadOnlyList<string> argv) =>
        Perl.Value is { } perl
            ? (perl, [perl, "-e", PerlRecorder, file, executable, .. argv.Skip(1)])
            : ("/bin/sh", ["/bin/sh", "-c", ShellRecorder, "mesos-exit-recorder", file, executable, .. argv.Skip(1)]);

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
        return Parse(text);
    }

    /// <summary>What a recorder wrote: <c>exit N</c> or <c>signal N</c>, or the shell recorder's bare status.</summary>
    public static ContainerTermination Parse(string text)
    {
        var (kind, number) = text.IndexOf(' ') is var space and > 0 ? (text[..space], text[(space + 1)..]) : ("", text);
        if (!int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > 255) return ContainerTermination.Unknown;
        return kind switch
        {
            "exit" => ContainerTermination.Exit(value),
            "signal" when value is > 0 and < 128 => ContainerTermination.KilledBy(value),
            "" => value is > 128 and < 160 ? ContainerTermination.KilledBy(value - 128) : ContainerTermination.Exit(value),
            _ => ContainerTermination.Unknown,
        };
    }

    private static string? Find(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries)
        .Select(directory => Path.Combine(directory, program))
        .FirstOrDefault(File.Exists);
}
