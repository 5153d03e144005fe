using System.Text.Json.Nodes;

namespace Mesos.Host.Marathon.Apps;

/// <summary>
/// An update of an app (PUT or PATCH /v2/apps/{id}, and the bulk forms) as Marathon applies it: the fields the
/// body names replace the app's, the others stay.
/// </summary>
public static class AppUpdate
{
    public static JsonObject Merge(AppDefinition current, JsonObject update)
    {
        var merged = AppJsonWriter.ToNode(current);
        // cmd and args exclude each other, and bridge networking excludes port definitions: naming one drops the other.
        if (update.ContainsKey("cmd")) merged.Remove("args");
        if (update.ContainsKey("args")) merged.Remove("cmd");
        if (update.ContainsKey("container") && !update.ContainsKey("portDefinitions")) merged.Remove("portDefinitions");
        foreach (var (name, value) in update)
        {
            if (name == "id") continue;
            merged[name] = value?.DeepClone();
        }
        return merged;
    }
}
