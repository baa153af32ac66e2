namespace Connector.Domain.Policies;

/// <summary>
/// Collects validation failures of a policy; every message names the setting by its configuration
/// path (for example <c>Credit:OverdueAgeDays</c>) and says what was expected.
/// </summary>
public sealed class PolicyErrors
{
    private readonly string section;
    private readonly List<string> errors = [];

    public PolicyErrors(string section)
    {
        this.section = section;
    }

    public IReadOnlyList<string> Errors => errors;

    public string Path(string setting) => section + ":" + setting;

    public void Add(string setting, string expectation, object? actual) =>
        errors.Add($"{Path(setting)} {expectation} (was {Describe(actual)}).");

    public void Range(string setting, decimal value, decimal min, decimal max)
    {
        if (value < min || value > max)
        {
            Add(setting, $"must be between {min} and {max}", value);
        }
    }

    public void Range(string setting, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            Add(setting, $"must be between {min} and {max}", value);
        }
    }

    public void Required(string setting, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(setting, "is required", value);
        }
    }

    public void Include(IEnumerable<string> nested) => errors.AddRange(nested);

    private static string Describe(object? value) => value switch
    {
        null => "empty",
        string s when s.Length == 0 => "empty",
        string s => $"'{s}'",
        System.Collections.IEnumerable e => "[" + string.Join(", ", e.Cast<object?>()) + "]",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "?",
    };
}
