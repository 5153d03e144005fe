using System.Runtime.CompilerServices;
using Mesos.Actors.Framework;
using PublicApiGenerator;

namespace Mesos.Architecture.Tests;

/// <summary>
/// What framework authors compile against, approved: a change to the SDK's public surface shows up
/// as a change to Sdk.approved.txt in review. When the surface changes on purpose, the failing run
/// writes Sdk.received.txt beside it; look at the difference and copy it over.
/// </summary>
public sealed class SdkApiTests
{
    [Fact]
    public void The_sdks_public_api_is_the_approved_one()
    {
        var sdk = typeof(SchedulerActor).Assembly.GetExportedTypes()
            .Where(t => t.Namespace == typeof(SchedulerActor).Namespace)
            .ToArray();
        var api = sdk.GeneratePublicApi(new ApiGeneratorOptions { IncludeAssemblyAttributes = false });

        var approvedPath = Beside("Sdk.approved.txt");
        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath) : "";
        if (Normalize(api) != Normalize(approved)) File.WriteAllText(Beside("Sdk.received.txt"), api);
        Normalize(api).Should().Be(Normalize(approved), "the SDK's public API changed: compare Sdk.received.txt with Sdk.approved.txt");
    }

    private static string Normalize(string text) => text.ReplaceLineEndings("\n").TrimEnd();

    private static string Beside(string name, [CallerFilePath] string source = "") => Path.Combine(Path.GetDirectoryName(source)!, name);
}
