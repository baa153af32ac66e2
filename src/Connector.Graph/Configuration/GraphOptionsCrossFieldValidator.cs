using Connector.Http;
using Microsoft.Extensions.Options;

namespace Connector.Graph.Configuration;

/// <summary>
/// The rule across settings: exactly one way to authenticate (a static token, a client secret or a certificate), and the
/// tenant and client ids the latter two need (<see cref="AppCredentialModes"/>, shared with the other service).
/// </summary>
public sealed class GraphOptionsCrossFieldValidator : IValidateOptions<GraphOptions>
{
    public ValidateOptionsResult Validate(string? name, GraphOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = AppCredentialModes.Check(GraphOptions.SectionName, options.AccessToken, options.ClientSecret, options.CertificatePath, options.TenantId, options.ClientId);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
