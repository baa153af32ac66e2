using Microsoft.Extensions.Options;

namespace Connector.Webhooks.Hosting;

/// <summary>The validation attributes of <see cref="WebhookOptions"/>, checked by generated code.</summary>
[OptionsValidator]
public sealed partial class WebhookOptionsValidator : IValidateOptions<WebhookOptions>;
