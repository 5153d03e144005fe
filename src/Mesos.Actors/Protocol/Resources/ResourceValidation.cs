using Mesos.V1;

namespace Mesos.Actors.Protocol;

/// <summary>The checks Mesos applies to a resource before it takes part in any arithmetic.</summary>
internal static class ResourceValidation
{
    /// <summary>The largest scalar value: beyond it, thousandths no longer fit a long (with room for sums).</summary>
    public const double MaxScalar = 9e12;

    public static string? Validate(Resource resource)
    {
        if (string.IsNullOrEmpty(resource.Name))
        {
            return "Empty resource name";
        }

        if (!resource.HasType || !Enum.IsDefined(resource.Type))
        {
            return $"Resource '{resource.Name}' has no known type";
        }

        var error = resource.Type switch
        {
            Value.Types.Type.Scalar => ValidateScalar(resource),
            Value.Types.Type.Ranges => ValidateRanges(resource),
            Value.Types.Type.Set => ValidateSet(resource),
            _ => $"Resource '{resource.Name}' has unsupported type {resource.Type}",
        };

        return error ?? ValidateReservations(resource);
    }

    private static string? ValidateScalar(Resource resource)
    {
        if (resource.Scalar is null || resource.Ranges is not null || resource.Set is not null)
        {
            return $"Scalar resource '{resource.Name}' must have a scalar value and nothing else";
        }

        var value = resource.Scalar.Value;
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            return $"Scalar resource '{resource.Name}' has a non-finite value";
        }

        if (value < 0)
        {
            return $"Scalar resource '{resource.Name}' has a negative value {value}";
        }

        return value > MaxScalar ? $"Scalar resource '{resource.Name}' value {value} is too large" : null;
    }

    private static string? ValidateRanges(Resource resource)
    {
        if (resource.Ranges is null || resource.Scalar is not null || resource.Set is not null)
        {
            return $"Ranges resource '{resource.Name}' must have ranges and nothing else";
        }

        var ranges = resource.Ranges.Range.OrderBy(r => r.Begin).ToList();
        for (var i = 0; i < ranges.Count; i++)
        {
            if (ranges[i].Begin > ranges[i].End)
            {
                return $"Ranges resource '{resource.Name}' has an invalid range [{ranges[i].Begin}-{ranges[i].End}]";
            }

            if (i > 0 && ranges[i].Begin <= ranges[i - 1].End)
            {
                return $"Ranges resource '{resource.Name}' has overlapping ranges [{ranges[i - 1].Begin}-{ranges[i - 1].End}] and [{ranges[i].Begin}-{ranges[i].End}]";
            }
        }

        return null;
    }

    private static string? ValidateSet(Resource resource)
    {
        if (resource.Set is null || resource.Scalar is not null || resource.Ranges is not null)
        {
            return $"Set resource '{resource.Name}' must have a set and nothing else";
        }

        return resource.Set.Item.Distinct(StringComparer.Ordinal).Count() != resource.Set.Item.Count
            ? $"Set resource '{resource.Name}' has duplicate items"
            : null;
    }

    private static string? ValidateReservations(Resource resource)
    {
        if (resource.Reservations.Count > 0 && (resource.HasRole || resource.Reservation is not null))
        {
            return $"Resource '{resource.Name}' mixes 'reservations' with the older 'role' and 'reservation'";
        }

        if (resource.Reservation is not null && (!resource.HasRole || resource.Role == "*"))
        {
            return $"Resource '{resource.Name}' is dynamically reserved for no role";
        }

        foreach (var reservation in resource.Reservations)
        {
            if (string.IsNullOrEmpty(reservation.Role) || reservation.Role == "*")
            {
                return $"Resource '{resource.Name}' has a reservation without a role";
            }
        }

        return null;
    }
}
