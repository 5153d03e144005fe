namespace Mesos.Actors.Agent;

internal static class EnvironmentVariables
{
    /// <summary>
    /// The variables a command asks for, laid over what the agent sets. Secrets are left out: there is
    /// no secret resolver to turn their references into values.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Over(Dictionary<string, string> environment, Mesos.V1.Environment? requested)
    {
        foreach (var variable in requested?.Variables ?? [])
        {
            if (variable.Type != Mesos.V1.Environment.Types.Variable.Types.Type.Secret) environment[variable.Name] = variable.Value;
        }
        return environment;
    }
}
