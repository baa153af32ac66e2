using System.Globalization;
using System.Text.RegularExpressions;

namespace Connector.Mapping.Rows;

/// <summary>
/// One <c>filters</c> entry: a test on one source column (compared trimmed). A row is kept only when
/// every filter holds; the reason names the filter so a user can see why a row was left out.
/// </summary>
internal abstract class RowFilter(int number, string column)
{
    /// <summary>The filter's position in the file, from 1.</summary>
    public int Number { get; } = number;

    public string Column { get; } = column;

    /// <summary>The column's position in the header (1 is the first), when the mapping picks it by position.</summary>
    public int? Position { get; set; }

    /// <summary>Whether the row is kept; <paramref name="problem"/> set when the test could not be decided (the row is quarantined, not filtered).</summary>
    public abstract bool Keeps(string value, out string? problem);

    /// <summary><see cref="Keeps"/> of text in place; <c>null</c> when only the string form decides (a pattern).</summary>
    public virtual bool? KeepsSpan(ReadOnlySpan<char> value) => null;

    public string Reason(string value) => $"filter {Number}: column '{Column}' {Describe()}, got '{value}'";

    protected abstract string Describe();
}

/// <summary><c>equals</c> / <c>notEquals</c>.</summary>
internal sealed class EqualsFilter(int number, string column, string expected, bool negated) : RowFilter(number, column)
{
    public override bool Keeps(string value, out string? problem)
    {
        problem = null;
        return value.AsSpan().Trim().Equals(expected, StringComparison.Ordinal) != negated;
    }

    public override bool? KeepsSpan(ReadOnlySpan<char> value) => value.Trim().Equals(expected, StringComparison.Ordinal) != negated;

    protected override string Describe() => negated ? $"notEquals '{expected}'" : $"equals '{expected}'";
}

/// <summary><c>in</c> / <c>notIn</c>.</summary>
internal sealed class InFilter(int number, string column, IReadOnlyList<string> values, bool negated) : RowFilter(number, column)
{
    private readonly string[] values = [.. values];

    public override bool Keeps(string value, out string? problem)
    {
        problem = null;
        return KeepsSpan(value)!.Value;
    }

    public override bool? KeepsSpan(ReadOnlySpan<char> value)
    {
        var trimmed = value.Trim();
        foreach (var candidate in values)
        {
            if (trimmed.Equals(candidate, StringComparison.Ordinal))
            {
                return !negated;
            }
        }

        return negated;
    }

    protected override string Describe() => $"{(negated ? "not in" : "in")} [{string.Join(", ", values)}]";
}

/// <summary><c>matches</c>: a .NET regular expression on the untrimmed value.</summary>
internal sealed class MatchesFilter(int number, string column, Regex regex) : RowFilter(number, column)
{
    public override bool Keeps(string value, out string? problem)
    {
        problem = null;
        try
        {
            return regex.IsMatch(value);
        }
        catch (RegexMatchTimeoutException e)
        {
            // Undecided is not "left out": a row dropped as filtered would be gone without a trace.
            problem = string.Create(
                CultureInfo.InvariantCulture,
                $"filter {Number}: pattern '{regex}' took longer than {e.MatchTimeout.TotalSeconds:0.#} s on column '{Column}' ('{Shorten(value)}'), so whether the row is kept is unknown: simplify the pattern");
            return false;
        }
    }

    private static string Shorten(string value) => value.Length <= 60 ? value : string.Concat(value.AsSpan(0, 60), "…");

    protected override string Describe() => $"matches '{regex}'";
}

/// <summary><c>empty</c>: <c>true</c> keeps blank values, <c>false</c> keeps the others.</summary>
internal sealed class EmptyFilter(int number, string column, bool empty) : RowFilter(number, column)
{
    public override bool Keeps(string value, out string? problem)
    {
        problem = null;
        return string.IsNullOrWhiteSpace(value) == empty;
    }

    public override bool? KeepsSpan(ReadOnlySpan<char> value) => value.IsWhiteSpace() == empty;

    protected override string Describe() => empty ? "is empty" : "is not empty";
}
