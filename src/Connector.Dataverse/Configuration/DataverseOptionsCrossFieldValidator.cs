using Connector.Domain.Policies;
using Microsoft.Extensions.Options;

namespace Connector.Dataverse.Configuration;

/// <summary>
/// The rule across settings: exactly one way to authenticate (a static token, a client secret or a certificate), and the
/// tenant and client ids the latter two need. Every failure is reported at once, each naming the settings; secret values
/// are never echoed.
/// </summary>
public sealed class DataverseOptionsCrossFieldValidator : IValidateOptions<DataverseOptions>
{
    public ValidateOptionsResult Validate(string? name, DataverseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new PolicyErrors(DataverseOptions.SectionName);
        (bool IsSet, string Setting)[] modes =
        [
            (Has(options.AccessToken), nameof(DataverseOptions.AccessToken)),
            (Has(options.ClientSecret), nameof(DataverseOptions.ClientSecret)),
            (Has(options.CertificatePath), nameof(DataverseOptions.CertificatePath)),
        ];
        var set = modes.Where(static m => m.IsSet).Select(static m => m.Setting).ToList();
        var all = string.Join(", ", modes.Select(m => errors.Path(m.Setting)));
        if (set.Count == 0)
        {
            errors.Include([PolicyErrors.Message(all, "need exactly one to be set: AccessToken, or TenantId + ClientId + ClientSecret, or TenantId + ClientId + CertificatePath", "none set")]);
        }
        else if (set.Count > 1)
        {
            errors.Include([PolicyErrors.Message(all, "need exactly one to be set", $"{string.Join(" and ", set)} set")]);
        }

        if (Has(options.ClientSecret) || Has(options.CertificatePath))
        {
            var with = errors.Path(Has(options.ClientSecret) ? nameof(DataverseOptions.ClientSecret) : nameof(DataverseOptions.CertificatePath));
            errors.Required(nameof(DataverseOptions.TenantId), options.TenantId, $"is required with {with}");
            errors.Required(nameof(DataverseOptions.ClientId), options.ClientId, $"is required with {with}");
        }

        return errors.Errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Errors);
    }

    private static bool Has(string? value) => !string.IsNullOrWhiteSpace(value);
}
