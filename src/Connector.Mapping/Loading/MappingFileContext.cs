using System.Globalization;
using System.Text.Json;

namespace Connector.Mapping.Loading;

/// <summary>
/// The file being read and the problems found so far, with helpers that read a JSON value of the
/// expected kind or record a located problem, so the readers never stop at the first problem.
/// </summary>
internal sealed class MappingFileContext(string file, JsonPositionIndex positions, List<MappingProblem> problems)
{
    public string File { get; } = file;

    public int ProblemCount => problems.Count;

    public void Report(string path, string? field, string message)
    {
        var (line, column) = positions.Find(path);
        problems.Add(new MappingProblem(File, line, column, field, message) { Path = path });
    }

    /// <summary>Reports every property of <paramref name="element"/> not in <paramref name="known"/> (typos would otherwise be ignored).</summary>
    public void UnknownProperties(JsonElement element, string path, string? field, string what, params string[] known)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!known.Contains(property.Name, StringComparer.Ordinal))
            {
                Report(Join(path, property.Name), field, $"unknown property '{property.Name}' in {what} (expected {string.Join(", ", known)})");
            }
        }
    }

    public bool IsObject(JsonElement element, string path, string? field, string what)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            return true;
        }

        Report(path, field, $"expected {what} to be an object {{ … }}, got {Kind(element)}");
        return false;
    }

    /// <summary>A string property: <c>null</c> when absent (reported when required) or not a string (reported).</summary>
    public string? String(JsonElement parent, string name, string path, string? field, bool required, string? hint = null)
    {
        var at = Join(path, name);
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                Report(path, field, $"missing '{name}'{(hint is null ? string.Empty : " (" + hint + ")")}");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Report(at, field, $"expected '{name}' to be a string, got {Kind(value)}");
            return null;
        }

        return value.GetString();
    }

    public bool? Boolean(JsonElement parent, string name, string path, string? field)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        Report(Join(path, name), field, $"expected '{name}' to be true or false, got {Kind(value)}");
        return null;
    }

    /// <summary>A whole number of at least <paramref name="minimum"/>; <c>null</c> when absent or invalid (reported).</summary>
    public int? Integer(JsonElement parent, string name, string path, string? field, int minimum)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= minimum)
        {
            return number;
        }

        Report(Join(path, name), field, $"expected '{name}' to be a whole number of at least {minimum}, got {Kind(value)}");
        return null;
    }

    /// <summary>A list of strings (a single string counts as a list of one); <c>null</c> when absent or invalid (reported).</summary>
    public List<string>? Strings(JsonElement parent, string name, string path, string? field)
    {
        if (!parent.TryGetProperty(name, out var value))
        {
            return null;
        }

        return StringList(value, Join(path, name), field, name);
    }

    public List<string>? StringList(JsonElement value, string path, string? field, string name)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return [value.GetString()!];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            Report(path, field, $"expected '{name}' to be a list of strings [\"…\"], got {Kind(value)}");
            return null;
        }

        var list = new List<string>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                list.Add(item.GetString()!);
            }
            else
            {
                Report($"{path}[{index}]", field, $"expected each entry of '{name}' to be a string, got {Kind(item)}");
                return null;
            }

            index++;
        }

        return list;
    }

    public CultureInfo? Culture(JsonElement parent, string path, string? field)
    {
        var name = String(parent, "culture", path, field, required: false);
        if (name is null)
        {
            return CultureInfo.InvariantCulture;
        }

        try
        {
            var culture = CultureInfo.GetCultureInfo(name, predefinedOnly: true);
            return culture;
        }
        catch (CultureNotFoundException)
        {
            Report(Join(path, "culture"), field, $"unknown culture '{name}' (expected a name like de-DE, en-US, fr-FR)");
            return null;
        }
    }

    public static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;

    public static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => $"\"{value.GetString()}\"",
        JsonValueKind.Null => "null",
        _ => value.GetRawText(),
    };
}
