using System.Globalization;
using System.Text.RegularExpressions;
using Mesos.Host.Marathon.Apps;

namespace Mesos.Host.Marathon.Constraints;

/// <summary>
/// Whether an agent meets an app's constraints, given where the app's other instances already run, as
/// Marathon's operators define them: UNIQUE, CLUSTER, GROUP_BY, LIKE, UNLIKE, MAX_PER and IS.
/// </summary>
public static class ConstraintMatcher
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>The first constraint the candidate breaks, or null when it meets them all.</summary>
    public static AppConstraint? FirstUnmet(IEnumerable<AppConstraint> constraints, Placement candidate, IReadOnlyCollection<Placement> placed) =>
        constraints.FirstOrDefault(c => !Meets(c, candidate, placed));

    public static bool Meets(AppConstraint constraint, Placement candidate, IReadOnlyCollection<Placement> placed)
    {
        var value = candidate.ValueOf(constraint.Field);
        var others = placed.Select(p => p.ValueOf(constraint.Field));
        return constraint.Operator switch
        {
            "UNIQUE" => value is not null && !others.Contains(value),
            "CLUSTER" => value is not null && (constraint.Value is { } wanted ? value == wanted : others.All(o => o == value)),
            "GROUP_BY" => value is not null && IsLeastUsed(value, others.Where(o => o is not null).Select(o => o!).ToList(), Groups(constraint.Value)),
            "LIKE" => value is not null && FullMatch(constraint.Value!, value),
            "UNLIKE" => value is null || !FullMatch(constraint.Value!, value),
            "MAX_PER" => value is not null && others.Count(o => o == value) < int.Parse(constraint.Value!, CultureInfo.InvariantCulture),
            "IS" => value == constraint.Value,
            _ => false,
        };
    }

    // GROUP_BY spreads instances evenly: a value may take one more only while no value seen has fewer, and,
    // when the constraint names how many values there are, while not every one of them has been seen.
    private static bool IsLeastUsed(string value, IReadOnlyList<string> others, int groups)
    {
        if (others.Count == 0) return true;
        var counts = others.GroupBy(o => o, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var mine = counts.GetValueOrDefault(value);
        if (mine == 0) return true;
        return counts.Count >= groups && mine <= counts.Values.Min();
    }

    private static int Groups(string? value) => value is null ? 0 : int.Parse(value, CultureInfo.InvariantCulture);

    private static bool FullMatch(string pattern, string value)
    {
        try
        {
            return Regex.IsMatch(value, $"^(?:{pattern})$", RegexOptions.None, RegexTimeout);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
