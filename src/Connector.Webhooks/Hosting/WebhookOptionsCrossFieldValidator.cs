using System.Globalization;
using Connector.Domain.Policies;
using Microsoft.Extensions.Options;

namespace Connector.Webhooks.Hosting;

/// <summary>
/// What hosting the webhooks needs once <c>Webhook:Urls</c> is set: the shared key, at least
/// <see cref="WebhookOptions.MinimumKeyLength"/> characters long (its length is shown, never the key). Without URLs this
/// process hosts no webhooks and the key is not needed. Every failure is reported.
/// </summary>
public sealed class WebhookOptionsCrossFieldValidator : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new PolicyErrors(WebhookOptions.SectionName);
        if (!string.IsNullOrWhiteSpace(options.Urls))
        {
            if (string.IsNullOrEmpty(options.Key))
            {
                errors.AddShown(
                    nameof(WebhookOptions.Key),
                    $"is required with {errors.Path(nameof(WebhookOptions.Urls))}: the shared key the Dataverse service endpoint sends in {errors.Path(nameof(WebhookOptions.HeaderName))}",
                    "empty");
            }
            else if (options.Key.Length < WebhookOptions.MinimumKeyLength)
            {
                errors.AddShown(
                    nameof(WebhookOptions.Key),
                    string.Create(CultureInfo.InvariantCulture, $"must be at least {WebhookOptions.MinimumKeyLength} characters long"),
                    string.Create(CultureInfo.InvariantCulture, $"{options.Key.Length} characters"));
            }
        }

        return errors.Errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Errors);
    }
}
