using System.Globalization;
using System.Text;

namespace Mesos.Actors.Configuration;

/// <summary>Renders resolved values as indented JSON, which is also valid HOCON and so can be parsed back.</summary>
internal static class HoconRenderer
{
    private const int IndentSize = 2;

    public static string Render(HoconObject root)
    {
        var output = new StringBuilder();
        Write(output, root, 0);
        return output.ToString();
    }

    public static string Quote(string text)
    {
        var output = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            output.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\b' => "\\b",
                '\f' => "\\f",
                < ' ' => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return output.Append('"').ToString();
    }

    private static void Write(StringBuilder output, HoconValue value, int depth)
    {
        switch (value)
        {
            case HoconObject { Count: 0 }:
                output.Append("{}");
                break;
            case HoconObject obj:
                output.Append("{\n");
                var fields = obj.Fields.ToList();
                for (var i = 0; i < fields.Count; i++)
                {
                    Indent(output, depth + 1).Append(Quote(fields[i].Key)).Append(" : ");
                    Write(output, fields[i].Value, depth + 1);
                    output.Append(i < fields.Count - 1 ? ",\n" : "\n");
                }

                Indent(output, depth).Append('}');
                break;
            case HoconArray { Elements.Count: 0 }:
                output.Append("[]");
                break;
            case HoconArray array when array.Elements.All(element => element is HoconScalar):
                output.Append('[');
                output.AppendJoin(", ", array.Elements.Cast<HoconScalar>().Select(RenderScalar));
                output.Append(']');
                break;
            case HoconArray array:
                output.Append("[\n");
                for (var i = 0; i < array.Elements.Count; i++)
                {
                    Write(Indent(output, depth + 1), array.Elements[i], depth + 1);
                    output.Append(i < array.Elements.Count - 1 ? ",\n" : "\n");
                }

                Indent(output, depth).Append(']');
                break;
            case HoconScalar scalar:
                output.Append(RenderScalar(scalar));
                break;
        }
    }

    private static string RenderScalar(HoconScalar scalar) =>
        scalar.Kind == HoconScalarKind.String ? Quote(scalar.Text) : scalar.Text;

    private static StringBuilder Indent(StringBuilder output, int depth) => output.Append(' ', depth * IndentSize);
}
