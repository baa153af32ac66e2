using Microsoft.Extensions.Options;

namespace Connector.Dataverse.Configuration;

/// <summary>
/// The rules that span several settings: the URL's form, and exactly one way to authenticate. Every failure is
/// reported at once, each naming the setting; secret values are never echoed.
/// </summary>
public sealed class DataverseOptionsAuthValidator : IValidateOptions<DataverseOptions>
{
    public ValidateOptionsResult Validate(string? name, DataverseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (!string.IsNullOrWhiteSpace(options.Url)
            && (!Uri.TryCreate(options.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)))
        {
            failures.Add($"Url: must be an absolute http or https URL, such as https://contoso.crm4.dynamics.com/ (got '{options.Url}')");
        }

        var token = Has(options.AccessToken);
        var secret = Has(options.ClientSecret);
        var certificate = Has(options.CertificatePath);
        var modes = (token ? 1 : 0) + (secret ? 1 : 0) + (certificate ? 1 : 0);
        if (modes == 0)
        {
            failures.Add("AccessToken, ClientSecret, CertificatePath: none is set; set AccessToken, or TenantId + ClientId + ClientSecret, or TenantId + ClientId + CertificatePath");
        }
        else if (modes > 1)
        {
            var set = new[] { (token, "AccessToken"), (secret, "ClientSecret"), (certificate, "CertificatePath") }.Where(m => m.Item1).Select(m => m.Item2);
            failures.Add($"AccessToken, ClientSecret, CertificatePath: set exactly one (found {string.Join(" and ", set)})");
        }

        if (secret || certificate)
        {
            if (!Has(options.TenantId))
            {
                failures.Add("TenantId: is required with " + (secret ? "ClientSecret" : "CertificatePath"));
            }

            if (!Has(options.ClientId))
            {
                failures.Add("ClientId: is required with " + (secret ? "ClientSecret" : "CertificatePath"));
            }
        }

        if (Has(options.Authority) && !Uri.TryCreate(options.Authority, UriKind.Absolute, out _))
        {
            failures.Add($"Authority: must be an absolute URL (got '{options.Authority}')");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool Has(string? value) => !string.IsNullOrWhiteSpace(value);
}
