namespace Connector.Domain.Policies;

/// <summary>
/// An absolute URL; with <see cref="HttpOnly"/> an http or https one, with <see cref="HttpsUnlessLoopback"/> plain http only on
/// loopback (an emulator), with <see cref="HttpsOnly"/> https and nothing else (a sign-in authority: MSAL refuses any other). Blank text passes (it means the default); add <see cref="SettingRequiredAttribute"/> where it may not.
/// </summary>
/// <param name="expected">What the URL must be, in words, with an example (<c>must be an absolute http or https URL, such as …</c>).</param>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false)]
public sealed class SettingUrlAttribute(string expected) : SettingAttribute
{
    public string Expected { get; } = expected;

    public bool HttpOnly { get; set; }

    public bool HttpsUnlessLoopback { get; set; }

    public bool HttpsOnly { get; set; }

    protected override Problem? Check(object value)
    {
        if (value is string blank && string.IsNullOrWhiteSpace(blank))
        {
            return null;
        }

        if (value is not string text || !Uri.TryCreate(text, UriKind.Absolute, out var url)
            || ((HttpOnly || HttpsUnlessLoopback) && url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)
            || (HttpsOnly && url.Scheme != Uri.UriSchemeHttps))
        {
            return new Problem(Expected, PolicyErrors.Describe(value));
        }

        return HttpsUnlessLoopback && url.Scheme == Uri.UriSchemeHttp && !url.IsLoopback
            ? new Problem("must use https: plain http is only allowed on loopback (an emulator)", PolicyErrors.Describe(value))
            : null;
    }
}
