using Mesos.Actors.Protocol;
using System.Collections;
using System.CommandLine;
using System.Text;
using System.Text.Json;
using Akka.Configuration;
using Mesos.Actors.Settings;

namespace Mesos.Host.Cli.Flags;

/// <summary>
/// The flags of one command, resolved in Mesos' order of precedence onto hocon/reference.conf:
/// defaults, then the file given by --config, then MESOS_&lt;FLAG&gt; environment variables (any case),
/// then the command line.
/// </summary>
internal sealed class FlagSet
{
    private readonly Dictionary<Flag, Option<string>> _options;

    public FlagSet(IReadOnlyList<Flag> flags)
    {
        Flags = flags;
        // A boolean flag alone (--registry_strict, --cgroups_enable_cfs) means true, as in Mesos.
        _options = flags.ToDictionary(f => f, f => new Option<string>(f.OptionName)
        {
            Description = f.Description,
            Arity = f.Type == FlagType.Boolean ? ArgumentArity.ZeroOrOne : ArgumentArity.ExactlyOne,
        });
        ConfigOption = new Option<string>("--config") { Description = "A HOCON file of settings (see hocon/reference.conf); flags override it." };
    }

    public IReadOnlyList<Flag> Flags { get; }

    public Option<string> ConfigOption { get; }

    public void AddTo(Command command)
    {
        command.Options.Add(ConfigOption);
        foreach (var option in _options.Values) command.Options.Add(option);
    }

    /// <summary>The settings these flags produce, validated: a bad value throws <see cref="FlagException"/>.</summary>
    public Config Resolve(ParseResult parsed, IDictionary environment)
    {
        var baseConfig = ReferenceConfig.Get();
        if (parsed.GetValue(ConfigOption) is { } file)
        {
            try
            {
                baseConfig = ReferenceConfig.WithDefaults(HoconFile.Parse(file));
            }
            catch (Exception e) when (ConfigErrors.Is(e))
            {
                throw new FlagException($"Failed to load --config={file}: {e.Message}");
            }
        }

        var environmentValues = environment.Cast<DictionaryEntry>()
            .Where(e => e.Key is string)
            .ToDictionary(e => ((string)e.Key).ToUpperInvariant(), e => e.Value as string ?? "");
        var overlay = new StringBuilder();
        foreach (var flag in Flags)
        {
            var value = parsed.GetValue(_options[flag]);
            if (value is null && flag.Type == FlagType.Boolean && parsed.GetResult(_options[flag]) is { Implicit: false }) value = "true";
            var source = flag.OptionName;
            if (value is null && environmentValues.TryGetValue(flag.EnvironmentName.ToUpperInvariant(), out var fromEnvironment))
            {
                value = fromEnvironment;
                source = flag.EnvironmentName;
            }
            if (value is null) continue;
            overlay.Append(flag.ConfigPath).Append(" = ").Append(JsonSerializer.Serialize(Normalize(flag, value, source))).Append('\n');
        }

        var config = ConfigurationFactory.ParseString(overlay.ToString()).WithFallback(baseConfig);
        foreach (var flag in Flags) Validate(flag, config);
        return config;
    }

    /// <summary>Every flag's value as Mesos shows it on /flags: strings, durations like "15secs".</summary>
    public IReadOnlyDictionary<string, string> Describe(Config config) =>
        Flags.ToDictionary(f => f.Name, f => f.Type switch
        {
            FlagType.Duration => MesosDuration.Format(config.GetTimeSpan(f.ConfigPath)),
            FlagType.Boolean => config.GetBoolean(f.ConfigPath) ? "true" : "false",
            _ => config.GetString(f.ConfigPath),
        });

    private static string Normalize(Flag flag, string value, string source)
    {
        if (flag.Choices is { } choices)
        {
            return choices.FirstOrDefault(c => c.Equals(value, StringComparison.OrdinalIgnoreCase))
                ?? throw new FlagException($"Failed to load flag '{flag.Name}' from {source}: '{value}' is not one of {string.Join(", ", choices)}.");
        }
        if (flag.Type != FlagType.Duration) return value;
        if (MesosDuration.TryParse(value, out var duration, out var tooLong)) return MesosDuration.ToHocon(duration);
        if (tooLong) throw new FlagException($"Failed to load flag '{flag.Name}' from {source}: '{value}' is longer than the longest duration this accepts (about 29,000 years).");
        try
        {
            ConfigurationFactory.ParseString("v = " + JsonSerializer.Serialize(value)).GetTimeSpan("v");
            return value;
        }
        catch (Exception e) when (ConfigErrors.Is(e))
        {
            throw new FlagException($"Failed to load flag '{flag.Name}' from {source}: '{value}' is not a duration (for example 15secs, 500ms, 10mins).");
        }
    }

    private static void Validate(Flag flag, Config config)
    {
        try
        {
            switch (flag.Type)
            {
                case FlagType.Integer:
                    config.GetLong(flag.ConfigPath);
                    break;
                case FlagType.Boolean:
                    config.GetBoolean(flag.ConfigPath);
                    break;
                case FlagType.Duration:
                    config.GetTimeSpan(flag.ConfigPath);
                    break;
                default:
                    config.GetString(flag.ConfigPath);
                    break;
            }
        }
        catch (Exception e) when (ConfigErrors.Is(e))
        {
            throw new FlagException($"Failed to load flag '{flag.Name}': {e.Message}");
        }
    }
}
