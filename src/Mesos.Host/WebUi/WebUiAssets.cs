using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;

namespace Mesos.Host.WebUi;

/// <summary>
/// The web UI's files (HTML, CSS, JavaScript modules), embedded in the executable at build time, so
/// that the UI needs neither a front-end build nor files beside the binary. Each has its content type
/// and an ETag, computed once.
/// </summary>
internal sealed class WebUiAssets
{
    /// <summary>The master's UI; Chronos' has its own files under another prefix.</summary>
    public const string MasterResources = "webui/";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
    };

    private readonly FrozenDictionary<string, WebUiAsset> _assets;

    private WebUiAssets(FrozenDictionary<string, WebUiAsset> assets) => _assets = assets;

    /// <summary>Every embedded file under <paramref name="resourcePrefix"/>, by its path under the UI's root (<c>index.html</c>, <c>js/app.js</c>).</summary>
    public static WebUiAssets Load(string resourcePrefix = MasterResources)
    {
        var assembly = typeof(WebUiAssets).Assembly;
        var assets = new Dictionary<string, WebUiAsset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(resourcePrefix, StringComparison.Ordinal)))
        {
            var path = name[resourcePrefix.Length..].Replace('\\', '/');
            if (!ContentTypes.TryGetValue(Path.GetExtension(path), out var type)) continue;
            var body = Read(assembly, name);
            assets[path] = new WebUiAsset(body, type, $"\"{Convert.ToHexString(SHA256.HashData(body))[..16]}\"");
        }
        return new WebUiAssets(assets.ToFrozenDictionary(StringComparer.Ordinal));
    }

    public WebUiAsset? Find(string path) => _assets.GetValueOrDefault(path);

    public IEnumerable<string> Paths => _assets.Keys;

    private static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"Missing web UI resource {name}");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}

/// <summary>One file of the web UI.</summary>
internal sealed record WebUiAsset(byte[] Body, string ContentType, string ETag);
