using System.Text.RegularExpressions;

namespace Connector.Domain.Policies;

/// <summary>Text matching a regular expression; empty text is checked too (absent is not): <c>must be a three-letter ISO 4217 code such as USD (was 'US')</c>.</summary>
/// <param name="pattern">The expression the whole text is matched against (anchor it).</param>
/// <param name="expected">What the text must be, in words.</param>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false)]
public sealed class SettingPatternAttribute(string pattern, string expected) : SettingAttribute
{
    private readonly Regex regex = new(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    public string Pattern { get; } = pattern;

    public string Expected { get; } = expected;

    protected override Problem? Check(object value) =>
        value is string text && regex.IsMatch(text) ? null : new Problem(Expected, PolicyErrors.Describe(value));
}
