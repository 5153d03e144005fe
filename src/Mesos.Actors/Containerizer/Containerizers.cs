using Akka.Actor;
using Akka.Configuration;
using Mesos.Actors.Containerizer.Cgroups;
using Mesos.Actors.Containerizer.Fetcher;

namespace Mesos.Actors.Containerizer;

/// <summary>Builds the agent's containerizers from its settings, checking at start that the machine can do what they ask.</summary>
internal static class Containerizers
{
    /// <exception cref="ConfigurationException">A containerizer or isolator the machine cannot provide.</exception>
    public static Func<IScheduler, IContainerizer> Prepare(ContainerizerSettings settings, string workDir, IContainerizer? docker)
    {
        if (settings.Enabled(ContainerizerNames.Docker) && docker is null)
        {
            throw new ConfigurationException("--containerizers names docker, but this process has no docker containerizer");
        }
        CgroupHierarchy? cgroups = null;
        if (settings.Enabled(ContainerizerNames.Mesos))
        {
            if (settings.Isolation.UsesCgroups) cgroups = CgroupHierarchy.Open(settings, File.ReadAllText("/proc/self/mounts"));
            if (settings.Isolation.PidNamespace && !OnPath("unshare"))
            {
                throw new ConfigurationException("The namespaces/pid isolator needs util-linux' unshare on the PATH");
            }
        }
        var cache = new FetcherCache(settings.FetcherCacheDir.Length > 0 ? settings.FetcherCacheDir : Path.Combine(workDir, "fetch"), settings.FetcherCacheSize);
        var fetcher = new UriFetcher(cache, new HttpClient());
        return scheduler => new ComposingContainerizer([.. settings.Containerizers.Select(name =>
            name == ContainerizerNames.Docker ? docker! : new MesosContainerizer(scheduler, settings, cgroups))], fetcher);
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, program)));
}
