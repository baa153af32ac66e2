using Connector.Domain.Policies;

namespace Connector.Sync.Collections;

/// <summary>A pay link pattern: an absolute http(s) URL once its placeholders (<see cref="DunningMailOptions.Placeholders"/>) are filled, and no other placeholder.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false)]
public sealed class PayLinkPatternAttribute : SettingAttribute
{
    protected override Problem? Check(object value)
    {
        var pattern = value as string ?? "";
        var sample = pattern;
        foreach (var placeholder in DunningMailOptions.Placeholders)
        {
            sample = sample.Replace(placeholder, "x", StringComparison.Ordinal);
        }

        if (sample.Contains('{', StringComparison.Ordinal) || sample.Contains('}', StringComparison.Ordinal))
        {
            return new Problem($"may only use the placeholders {string.Join(", ", DunningMailOptions.Placeholders)}", PolicyErrors.Describe(value));
        }

        return Uri.TryCreate(sample, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? null
            : new Problem("must be an absolute http(s) URL", PolicyErrors.Describe(value));
    }
}
