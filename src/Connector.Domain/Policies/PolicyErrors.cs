using System.Globalization;

namespace Connector.Domain.Policies;

/// <summary>
/// Collects the failures of the rules that span several settings (the cross-field validators); every message names the
/// setting by its configuration path, says what was expected and what was given, in the same form as the
/// <see cref="SettingAttribute"/>s: <c>Aging:Bounds:1 must be greater than the bound before it (30) (was 20).</c>
/// </summary>
public sealed class PolicyErrors
{
    private readonly string section;
    private readonly List<string> errors = [];

    /// <param name="section">The settings' section (<c>Aging</c>, <c>Collections:Priority</c>).</param>
    public PolicyErrors(string section)
    {
        this.section = section;
    }

    public IReadOnlyList<string> Errors => errors;

    /// <summary><c>{path} {expected} (was {given}).</c></summary>
    public static string Message(string path, string expected, string given) => $"{path} {expected} (was {given}).";

    /// <summary>A value as messages show it: <c>empty</c>, <c>'text'</c>, <c>[1, 2]</c>, numbers in invariant form.</summary>
    public static string Describe(object? value) => value switch
    {
        null => "empty",
        string s when s.Length == 0 => "empty",
        string s => $"'{s}'",
        System.Collections.IEnumerable e => "[" + string.Join(", ", e.Cast<object?>().Select(static v => Convert.ToString(v, CultureInfo.InvariantCulture))) + "]",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "?",
    };

    /// <summary>The configuration path of <paramref name="setting"/> in this section (<c>Aging:Bounds:1</c>).</summary>
    public string Path(string setting) => section + ":" + setting;

    public void Add(string setting, string expected, object? actual) => AddShown(setting, expected, Describe(actual));

    /// <summary>Like <see cref="Add"/>, with the given value already put in words (a secret's length, never the secret).</summary>
    public void AddShown(string setting, string expected, string given) => errors.Add(Message(Path(setting), expected, given));

    public void Range(string setting, decimal value, decimal min, decimal max)
    {
        if (value < min || value > max)
        {
            Add(setting, string.Create(CultureInfo.InvariantCulture, $"must be between {min} and {max}"), value);
        }
    }

    public void Required(string setting, string? value, string expected = "is required")
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(setting, expected, value);
        }
    }

    /// <summary>Adds failures reported elsewhere (a nested settings type's generated validator) as they are.</summary>
    public void Include(IEnumerable<string>? failures)
    {
        if (failures is not null)
        {
            errors.AddRange(failures);
        }
    }
}
