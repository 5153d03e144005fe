namespace Mesos.Actors.Configuration;

/// <summary>Raised when configuration is missing, has the wrong type, or cannot be parsed or resolved.</summary>
public class ConfigException : Exception
{
    public ConfigException()
    {
    }

    public ConfigException(string message)
        : base(message)
    {
    }

    public ConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
