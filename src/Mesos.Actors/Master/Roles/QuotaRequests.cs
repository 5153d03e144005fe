using Mesos.V1;
using Mesos.V1.Quota;

namespace Mesos.Actors.Master.Roles;

/// <summary>
/// The deprecated QuotaRequest (SET_QUOTA, POST /master/quota) in today's terms: a QuotaConfig whose
/// limits equal its guarantees, as Mesos 1.9+ reads it.
/// </summary>
public static class QuotaRequests
{
    /// <summary>The config the request stands for, or null and why it is not valid.</summary>
    public static QuotaConfig? ToConfig(QuotaRequest request, out string? error)
    {
        error = !request.HasRole || request.Role.Length == 0 ? "Expecting 'role' to be present"
            : request.Guarantee.Count == 0 ? "Expecting 'guarantee' to name at least one resource"
            : request.Guarantee.Select(Invalid).FirstOrDefault(e => e is not null)
            ?? (request.Guarantee.GroupBy(r => r.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice
                ? $"Quota guarantee names '{twice.Key}' more than once" : null);
        if (error is not null) return null;

        var config = new QuotaConfig { Role = request.Role };
        foreach (var resource in request.Guarantee)
        {
            config.Guarantees[resource.Name] = resource.Scalar.Clone();
            config.Limits[resource.Name] = resource.Scalar.Clone();
        }

        return config;
    }

    private static string? Invalid(Resource resource) =>
        resource.Type != Value.Types.Type.Scalar || resource.Scalar is null ? $"Quota guarantee of '{resource.Name}' must be a scalar"
        : resource.Reservations.Count > 0 || (resource.HasRole && resource.Role != RoleNames.Default) ? $"Quota guarantee of '{resource.Name}' must not be reserved"
        : resource.Disk is not null || resource.Revocable is not null ? $"Quota guarantee of '{resource.Name}' must be plain, without disk or revocable info"
        : null;
}
