namespace Connector.Http;

/// <summary>
/// The app-only sign-in Dataverse and Graph share: exactly one way to authenticate (a static token, a client secret or a
/// certificate), and the tenant and client ids the latter two need. Every failure is reported, each naming the settings
/// in the form every settings message has (<c>Graph:TenantId is required with Graph:ClientSecret (was empty).</c>);
/// secret values are never echoed.
/// </summary>
public static class AppCredentialModes
{
    public static IReadOnlyList<string> Check(string section, string? accessToken, string? clientSecret, string? certificatePath, string? tenantId, string? clientId)
    {
        var errors = new List<string>();
        string Path(string setting) => section + ":" + setting;
        (bool IsSet, string Setting)[] modes =
        [
            (Has(accessToken), "AccessToken"),
            (Has(clientSecret), "ClientSecret"),
            (Has(certificatePath), "CertificatePath"),
        ];
        var set = modes.Where(static m => m.IsSet).Select(static m => m.Setting).ToList();
        var all = string.Join(", ", modes.Select(m => Path(m.Setting)));
        if (set.Count == 0)
        {
            errors.Add($"{all} need exactly one to be set: AccessToken, or TenantId + ClientId + ClientSecret, or TenantId + ClientId + CertificatePath (was none set).");
        }
        else if (set.Count > 1)
        {
            errors.Add($"{all} need exactly one to be set (was {string.Join(" and ", set)} set).");
        }

        if (Has(clientSecret) || Has(certificatePath))
        {
            var with = Path(Has(clientSecret) ? "ClientSecret" : "CertificatePath");
            Required("TenantId", tenantId);
            Required("ClientId", clientId);

            void Required(string setting, string? value)
            {
                if (!Has(value))
                {
                    errors.Add($"{Path(setting)} is required with {with} (was {(string.IsNullOrEmpty(value) ? "empty" : $"'{value}'")}).");
                }
            }
        }

        return errors;
    }

    private static bool Has(string? value) => !string.IsNullOrWhiteSpace(value);
}
