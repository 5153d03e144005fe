using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mesos.Host.Marathon.Apps;

namespace Mesos.Host.Marathon.Groups;

/// <summary>
/// Reads a group's JSON as Marathon's /v2/groups takes it: ids and dependencies relative to the group that holds
/// them, apps as whole definitions, nested groups; every error at its path (422), a body that is not JSON a
/// <see cref="JsonException"/> (400).
/// </summary>
public static class GroupJson
{
    private const int MaxDepth = 16;

    /// <param name="node">The body.</param>
    /// <param name="pathId">The group the URL names, which the body's id (when it has one) is read from; "/" for none.</param>
    /// <exception cref="AppInvalidException">Every field that is wrong.</exception>
    public static GroupUpdate Read(JsonNode node, string pathId)
    {
        var errors = new ValidationErrors();
        var group = Read(node, pathId, errors, "", 0, idRequired: false);
        errors.ThrowIfAny();
        return group!;
    }

    private static GroupUpdate? Read(JsonNode node, string baseId, ValidationErrors errors, string path, int depth, bool idRequired)
    {
        if (node is not JsonObject body)
        {
            errors.Add(path, "error.expected.jsobject (a group)");
            return null;
        }
        if (depth > MaxDepth)
        {
            errors.Add(path, $"groups nest at most {MaxDepth} deep");
            return null;
        }
        using var document = JsonDocument.Parse(body.ToJsonString());
        var fields = new JsonFields(document.RootElement, path, errors);
        var given = fields.String("id");
        if (given is null && idRequired) errors.Add($"{path}/id", "error.path.missing");
        var id = given is null ? baseId : PathId.Resolve(given, baseId);
        if (id is null)
        {
            errors.Add($"{path}/id", $"must fully match regular expression '{PathId.SegmentRule}' in each of its names");
            return null;
        }
        if (fields.Has("version")) errors.Add($"{path}/version", "Rolling a group back to a version is not supported: PUT the group's apps as they were");
        var scaleBy = fields.Has("scaleBy") ? fields.Number("scaleBy", 1) : (double?)null;
        if (scaleBy is <= 0 or > 1000) errors.Add($"{path}/scaleBy", "must be greater than 0 and at most 1000");
        return new GroupUpdate(
            id,
            Apps(body, fields, id, errors, path),
            Subgroups(body, fields, id, errors, path, depth),
            fields.Has("dependencies") ? AppJson.Dependencies(fields, PathId.Parent(id)) : null,
            scaleBy);
    }

    // An app's id is read from its group, and must name an app directly in it.
    private static ImmutableArray<AppDefinition>? Apps(JsonObject body, JsonFields fields, string group, ValidationErrors errors, string path)
    {
        if (fields.Array("apps") is null) return null;
        var apps = ImmutableArray.CreateBuilder<AppDefinition>();
        var items = (JsonArray)body["apps"]!;
        for (var i = 0; i < items.Count; i++)
        {
            var at = $"{path}/apps({i})";
            if (items[i] is not JsonObject item || item["id"]?.GetValueKind() != JsonValueKind.String || PathId.Resolve(item["id"]!.GetValue<string>(), group) is not { } id)
            {
                errors.Add($"{at}/id", "every app of a group needs a valid id");
                continue;
            }
            if (PathId.Parent(id) != group)
            {
                errors.Add($"{at}/id", $"The app {id} is not directly in the group {group}: put it in a subgroup");
                continue;
            }
            var copy = (JsonObject)item.DeepClone();
            copy["id"] = id;
            var app = AppJson.Read(copy, id, errors, at);
            AppValidator.Validate(app, errors, at);
            if (app is not null) apps.Add(app);
        }
        return apps.ToImmutable();
    }

    private static ImmutableArray<GroupUpdate>? Subgroups(JsonObject body, JsonFields fields, string group, ValidationErrors errors, string path, int depth)
    {
        if (fields.Array("groups") is null) return null;
        var groups = ImmutableArray.CreateBuilder<GroupUpdate>();
        var items = (JsonArray)body["groups"]!;
        for (var i = 0; i < items.Count; i++)
        {
            var at = $"{path}/groups({i})";
            if (Read(items[i]!, group, errors, at, depth + 1, idRequired: true) is not { } subgroup) continue;
            if (PathId.Parent(subgroup.Id) != group) errors.Add($"{at}/id", $"The group {subgroup.Id} is not directly in the group {group}");
            else groups.Add(subgroup);
        }
        return groups.ToImmutable();
    }
}
