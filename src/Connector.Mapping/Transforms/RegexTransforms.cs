using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Connector.Mapping.Transforms;

/// <summary>What <c>regex</c> does with a value its pattern does not match.</summary>
internal enum NoMatchPolicy
{
    Error,
    Empty,
    Keep,
}

/// <summary><c>regex</c>: extracts one group (the invoice number inside a remittance text).</summary>
internal sealed class RegexTransform(Regex regex, string group, NoMatchPolicy onNoMatch) : Transform
{
    private readonly int groupNumber = int.TryParse(group, out var number) ? number : regex.GroupNumberFromName(group);

    public override string Name => "regex";

    public override bool TryApply(ref string value, [NotNullWhen(false)] out string? reason)
    {
        reason = null;
        Match match;
        try
        {
            match = regex.Match(value);
        }
        catch (RegexMatchTimeoutException)
        {
            reason = $"pattern '{regex}' took too long on {Quote(value)}";
            return false;
        }

        if (match.Success)
        {
            value = match.Groups[groupNumber].Value;
            return true;
        }

        switch (onNoMatch)
        {
            case NoMatchPolicy.Empty:
                value = string.Empty;
                return true;
            case NoMatchPolicy.Keep:
                return true;
            default:
                reason = $"expected text matching '{regex}', got {Quote(value)} (onNoMatch: error)";
                return false;
        }
    }
}

/// <summary><c>replace</c>: replaces every occurrence of a text or, with <c>regex</c>, of a pattern (<c>$1</c> in <c>with</c>).</summary>
internal sealed class ReplaceTransform(string find, string with, Regex? regex) : Transform
{
    public override string Name => "replace";

    public override bool TryApply(ref string value, [NotNullWhen(false)] out string? reason)
    {
        reason = null;
        if (regex is null)
        {
            value = value.Replace(find, with, StringComparison.Ordinal);
            return true;
        }

        try
        {
            value = regex.Replace(value, with);
            return true;
        }
        catch (RegexMatchTimeoutException)
        {
            reason = $"pattern '{find}' took too long on {Quote(value)}";
            return false;
        }
    }
}
