namespace Mesos.Host.Marathon.Apps;

/// <summary>
/// Service ports: the ports a load balancer serves an app on, which Marathon hands out from 10000 to 20000
/// (its --local_port_min and --local_port_max defaults) to every port definition or port mapping that asks
/// for 0, never one another app holds.
/// </summary>
public static class ServicePorts
{
    public const int Min = 10000;
    public const int Max = 20000;

    /// <summary>The service ports the app holds (0s, not yet assigned, left out).</summary>
    public static IEnumerable<int> Of(AppDefinition app) => app.DeclaredPorts.Select(p => p.ServicePort).Where(p => p != 0);

    /// <summary>The app with a free service port in place of each 0; null when the range has too few left.</summary>
    /// <param name="taken">Ports other apps hold; the ports assigned here are added to it.</param>
    public static AppDefinition? Assign(AppDefinition app, ISet<int> taken)
    {
        foreach (var port in Of(app)) taken.Add(port);
        var next = Min;
        int? Free()
        {
            while (next < Max && taken.Contains(next)) next++;
            if (next >= Max) return null;
            taken.Add(next);
            return next;
        }
        if (app.UsesPortMappings)
        {
            var mappings = app.Container!.PortMappings.ToBuilder();
            for (var i = 0; i < mappings.Count; i++)
            {
                if (mappings[i].ServicePort != 0) continue;
                if (Free() is not { } port) return null;
                mappings[i] = mappings[i] with { ServicePort = port };
            }
            return app with { Container = app.Container with { PortMappings = mappings.ToImmutable() } };
        }
        var definitions = app.PortDefinitions.ToBuilder();
        for (var i = 0; i < definitions.Count; i++)
        {
            if (definitions[i].Port != 0) continue;
            if (Free() is not { } port) return null;
            definitions[i] = definitions[i] with { Port = port };
        }
        return app with { PortDefinitions = definitions.ToImmutable() };
    }
}
