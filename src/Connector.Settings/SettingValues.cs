using System.Collections;
using System.ComponentModel;
using Microsoft.Extensions.Configuration;

namespace Connector.Settings;

/// <summary>
/// Finds the configured values the configuration binder could not convert to their setting's type, before it tries:
/// the binder's own error names the .NET type (<c>… to type 'System.Int32'</c>) and stops at the first; this says what
/// a person should write (<c>expected a whole number, got 'sixty'</c>) for every such value. It converts as the binder
/// does (the type's <see cref="TypeConverter"/>, invariant culture; empty is "not set" for a nullable setting).
/// </summary>
public static class SettingValues
{
    /// <summary>
    /// Every value under <paramref name="section"/> that would not convert to its property of <paramref name="type"/> — a
    /// wrong word, a list or section where one value belongs, one value where a list or section belongs — its key and what
    /// was expected.
    /// </summary>
    public static IReadOnlyList<(string Key, string Problem)> Check(IConfigurationSection section, Type type)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(type);
        var problems = new List<(string, string)>();
        CheckObject(section, type, problems);
        return problems;
    }

    /// <summary>What a value of <paramref name="type"/> looks like, in words: <c>a whole number</c>, <c>true or false</c>, <c>one of Hold, Reject</c>.</summary>
    public static string Expected(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum)
        {
            return "one of " + string.Join(", ", Enum.GetNames(type));
        }

        return Type.GetTypeCode(type) switch
        {
            TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32 or TypeCode.Int64 or TypeCode.UInt64
                => "a whole number",
            TypeCode.Decimal or TypeCode.Double or TypeCode.Single => "a number",
            TypeCode.Boolean => "true or false",
            TypeCode.Char => "a single character",
            TypeCode.DateTime => "a date and time such as 2026-12-31T08:00:00",
            _ when type == typeof(DateOnly) => "a date yyyy-MM-dd",
            _ when type == typeof(TimeOnly) => "a time such as 08:30",
            _ when type == typeof(TimeSpan) => "a duration such as 00:30:00",
            _ when type == typeof(DateTimeOffset) => "a date and time such as 2026-12-31T08:00:00+01:00",
            _ when type == typeof(Guid) => "a GUID such as 3f2504e0-4f89-11d3-9a0c-0305e82c3301",
            _ when type == typeof(Uri) => "a URL",
            _ => "a value of another kind",
        };
    }

    private static void CheckValue(IConfigurationSection section, Type type, List<(string, string)> problems)
    {
        var children = section.GetChildren().ToList();
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            if (string.IsNullOrEmpty(section.Value) && children.Count == 0)
            {
                return;
            }

            type = underlying;
        }

        if (IsScalar(type))
        {
            // The binder leaves a scalar setting untouched when it is given a list or a section: silently, the default stays.
            if (children.Count > 0)
            {
                problems.Add((section.Path, $"expected {Expected(type)}, got {Shape(children)}"));
            }
            else if (section.Value is { } value && !Converts(type, value))
            {
                problems.Add((section.Path, $"expected {Expected(type)}, got '{value}'"));
            }

            return;
        }

        if (ElementType(type) is { } element)
        {
            if (!string.IsNullOrEmpty(section.Value))
            {
                // "Bounds": 30 binds to nothing at all; the list stays as it was.
                problems.Add((section.Path, $"expected {(IsDictionary(type) ? "a section { \"name\": value, … }" : "a list [ … ]")}, got '{section.Value}'"));
                return;
            }

            foreach (var child in children)
            {
                CheckValue(child, element, problems);
            }

            return;
        }

        CheckObject(section, type, problems);
    }

    private static void CheckObject(IConfigurationSection section, Type type, List<(string, string)> problems)
    {
        if (type == typeof(object) || type.IsInterface || type.IsAbstract)
        {
            return;
        }

        // A top-level section is not checked here: any environment variable named like one (LOG, STORE) would stop the connector.
        if (!string.IsNullOrEmpty(section.Value) && section.Path.Contains(':', StringComparison.Ordinal))
        {
            problems.Add((section.Path, $"expected a section {{ \"Setting\": value, … }}, got '{section.Value}'"));
            return;
        }

        foreach (var child in section.GetChildren())
        {
            var property = type.GetProperties().FirstOrDefault(p => p.GetIndexParameters().Length == 0 && string.Equals(p.Name, child.Key, StringComparison.OrdinalIgnoreCase));
            if (property is not null)
            {
                CheckValue(child, property.PropertyType, problems);
            }
        }
    }

    private static bool IsScalar(Type type) => type == typeof(string) || type.IsEnum || type.IsPrimitive
        || (type != typeof(object) && TypeDescriptor.GetConverter(type).CanConvertFrom(typeof(string)));

    private static bool Converts(Type type, string value)
    {
        if (type == typeof(string))
        {
            return true;
        }

        try
        {
            _ = TypeDescriptor.GetConverter(type).ConvertFromInvariantString(value);
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or NotSupportedException or OverflowException)
        {
            return false;
        }
    }

    /// <summary><c>a list [ … ]</c> when the children are numbered (a JSON array, or <c>Key__0</c> variables), else <c>a section { … }</c>.</summary>
    private static string Shape(List<IConfigurationSection> children) =>
        children.TrueForAll(static c => int.TryParse(c.Key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
            ? "a list [ … ]"
            : "a section { … }";

    private static bool IsDictionary(Type type) =>
        (type.IsGenericType && type.IsInterface ? [type, .. type.GetInterfaces()] : type.GetInterfaces())
            .Any(static i => Is(i, typeof(IDictionary<,>)) || Is(i, typeof(IReadOnlyDictionary<,>)));

    private static bool Is(Type type, Type definition) => type.IsGenericType && type.GetGenericTypeDefinition() == definition;

    // T[], List<T>, IReadOnlyList<T>, HashSet<T> …: T; Dictionary<string, T>: T (the keys are the children's names).
    private static Type? ElementType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        if (!typeof(IEnumerable).IsAssignableFrom(type) || type == typeof(string))
        {
            return null;
        }

        var generic = type.IsGenericType && type.IsInterface ? [type, .. type.GetInterfaces()] : type.GetInterfaces();
        if (generic.FirstOrDefault(static i => Is(i, typeof(IDictionary<,>)) || Is(i, typeof(IReadOnlyDictionary<,>))) is { } dictionary)
        {
            return dictionary.GetGenericArguments()[1];
        }

        return generic.FirstOrDefault(static i => Is(i, typeof(IEnumerable<>)))?.GetGenericArguments()[0];
    }
}
