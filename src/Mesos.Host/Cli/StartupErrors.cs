namespace Mesos.Host.Cli;

/// <summary>Failures a user can fix (a port in use, bad --resources, an isolator the machine cannot provide) end the command with a message, not a stack trace.</summary>
internal static class StartupErrors
{
    public static async Task<int> Guard(Func<Task> run)
    {
        try
        {
            await run();
            return 0;
        }
        catch (Exception e) when (e is IOException or FormatException or Akka.Configuration.ConfigurationException)
        {
            Console.Error.WriteLine(e.Message);
            return 1;
        }
    }
}
