namespace Connector.Webhooks.Hosting;

/// <summary>
/// Configuration section <c>Webhook</c>: where the order webhooks listen and how Dataverse proves it is Dataverse
/// (the service endpoint's HttpHeader auth: one header with a shared key). Validation messages never show the key.
/// </summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Webhook";

    /// <summary>Kestrel URLs, <c>;</c>-separated (<c>http://127.0.0.1:5080</c>); empty: <c>connector run</c> hosts no webhooks.</summary>
    public string? Urls { get; set; }

    /// <summary>The header that carries the key (the service endpoint's <c>authvalue</c> setting name).</summary>
    public string HeaderName { get; set; } = "x-connector-key";

    /// <summary>The shared key; at least 32 characters.</summary>
    public string? Key { get; set; }

    /// <summary>The connector's own application user in Dataverse: orders it creates are not vetoed.</summary>
    public Guid? ConnectorUserId { get; set; }

    public const int MinimumKeyLength = 32;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Urls))
        {
            errors.Add($"{SectionName}:Urls is required to host the order webhooks (e.g. http://0.0.0.0:5080).");
        }

        if (string.IsNullOrWhiteSpace(HeaderName) || !HeaderName.All(static c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            errors.Add($"{SectionName}:HeaderName must be a header name of letters, digits, '-' or '_'.");
        }

        if (string.IsNullOrEmpty(Key))
        {
            errors.Add($"{SectionName}:Key is required: the shared key the Dataverse service endpoint sends in {SectionName}:HeaderName.");
        }
        else if (Key.Length < MinimumKeyLength)
        {
            errors.Add($"{SectionName}:Key must be at least {MinimumKeyLength} characters long.");
        }

        return errors;
    }
}
