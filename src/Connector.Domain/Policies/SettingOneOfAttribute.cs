namespace Connector.Domain.Policies;

/// <summary>
/// One of a few words: the given ones, compared without case or surrounding blanks (<c>must be csv or sql (was 'ftp')</c>),
/// or, on an enum given none, one of its named values (<c>must be Hold or Reject (was 9)</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false)]
public sealed class SettingOneOfAttribute(params string[] values) : SettingAttribute
{
    public IReadOnlyList<string> Values { get; } = values;

    protected override Problem? Check(object value)
    {
        if (value is Enum member)
        {
            return Enum.IsDefined(member.GetType(), member) ? null : new Problem($"must be {Either(Enum.GetNames(member.GetType()))}", PolicyErrors.Describe(value));
        }

        var text = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)?.Trim();
        return Values.Any(v => string.Equals(v, text, StringComparison.OrdinalIgnoreCase)) ? null : new Problem($"must be {Either(Values)}", PolicyErrors.Describe(value));
    }

    /// <summary><c>A</c>, <c>A or B</c>, <c>A, B, C or D</c>.</summary>
    private static string Either(IReadOnlyList<string> names) =>
        names.Count < 2 ? string.Join("", names) : $"{string.Join(", ", names.Take(names.Count - 1))} or {names[^1]}";
}
