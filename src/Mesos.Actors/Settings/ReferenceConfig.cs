using Akka.Configuration;

namespace Mesos.Actors.Settings;

/// <summary>
/// hocon/reference.conf, built into the library and read by Akka's parser: the default of every
/// mesos.* setting and of the akka.* ones we set, the fallback of every ActorSystem's config.
/// </summary>
public static class ReferenceConfig
{
    private static readonly Lazy<Config> Reference = new(Load);

    public static Config Get() => Reference.Value;

    /// <summary>The user's configuration with every setting it leaves out taken from reference.conf.</summary>
    /// <remarks>
    /// A configuration that sets nothing of its own comes out of Akka's WithFallback as reference.conf
    /// itself, and Akka refuses a config as its own fallback: that one is returned as it is.
    /// </remarks>
    public static Config WithDefaults(Config user) => ReferenceEquals(user, Get()) ? user : user.WithFallback(Get());

    private static Config Load()
    {
        using var stream = typeof(ReferenceConfig).Assembly.GetManifestResourceStream("Mesos.Actors.reference.conf")
                           ?? throw new InvalidOperationException("reference.conf is missing from the Mesos.Actors assembly.");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }
}
