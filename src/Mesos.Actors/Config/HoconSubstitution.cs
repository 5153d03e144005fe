namespace Mesos.Actors.Configuration;

/// <summary>A <c>${path}</c> or <c>${?path}</c> reference, resolved against the document root after parsing.</summary>
internal sealed class HoconSubstitution : HoconValue
{
    public HoconSubstitution(
        IReadOnlyList<string> path,
        IReadOnlyList<string> writtenPath,
        bool isOptional,
        string? environmentName,
        SourcePosition position)
        : base(position)
    {
        Path = path;
        WrittenPath = writtenPath;
        IsOptional = isOptional;
        EnvironmentName = environmentName;
    }

    /// <summary>The path from the document root; differs from <see cref="WrittenPath"/> inside nested includes.</summary>
    public IReadOnlyList<string> Path { get; }

    public IReadOnlyList<string> WrittenPath { get; }

    public bool IsOptional { get; }

    /// <summary>Variable consulted when the path is absent; null for the hidden reference created by <c>+=</c>.</summary>
    public string? EnvironmentName { get; }

    /// <summary>
    /// Set when the substitution refers to the field it is assigned to (or below it), in which case it
    /// means the value the field had before this assignment rather than its final value.
    /// </summary>
    public bool IsSelfReference { get; private set; }

    /// <summary>The earlier value for a self-reference; null when there was none.</summary>
    public HoconValue? Prior { get; private set; }

    public override bool IsResolved => false;

    public string Display => $"${{{(IsOptional ? "?" : string.Empty)}{ConfigPath.Render(WrittenPath)}}}";

    public void BindToPrior(HoconValue? prior)
    {
        IsSelfReference = true;
        Prior = prior;
    }
}
