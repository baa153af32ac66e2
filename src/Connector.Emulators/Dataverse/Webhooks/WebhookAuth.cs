using System.Xml.Linq;

namespace Connector.Emulators.Dataverse.Webhooks;

/// <summary>
/// How a webhook authenticates Dataverse (<c>serviceendpoint.authtype</c> + <c>authvalue</c>): a key sent as
/// <c>?code=</c> (4, WebhookKey), header pairs (5, HttpHeader) or query pairs (6, HttpQueryString). Pairs travel in
/// <c>authvalue</c> as <c>&lt;settings&gt;&lt;setting name="…" value="…" /&gt;&lt;/settings&gt;</c>, the encoding the
/// Plugin Registration Tool writes (reference §8.1: undocumented by Microsoft).
/// </summary>
public sealed record WebhookAuth(int AuthType, IReadOnlyList<KeyValuePair<string, string>> Pairs)
{
    public const int WebhookKeyType = 4;
    public const int HttpHeaderType = 5;
    public const int HttpQueryStringType = 6;

    /// <summary>Header pairs, e.g. <c>x-api-key: secret</c>.</summary>
    public static WebhookAuth Headers(IReadOnlyDictionary<string, string> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return new(HttpHeaderType, headers.ToList());
    }

    /// <summary>A key sent as <c>?code=key</c>.</summary>
    public static WebhookAuth Key(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return new(WebhookKeyType, [new("code", code)]);
    }

    /// <summary>The <c>authvalue</c> text this stands for: the bare key for WebhookKey, the settings XML for pairs.</summary>
    public string ToAuthValue() => AuthType == WebhookKeyType
        ? Pairs.Single().Value
        : new XElement("settings", Pairs.Select(p => new XElement("setting", new XAttribute("name", p.Key), new XAttribute("value", p.Value)))).ToString(SaveOptions.DisableFormatting);

    /// <summary>Reads a stored <c>authtype</c> / <c>authvalue</c>; unreadable pair XML yields no pairs (the call then goes out unauthenticated, as a misconfigured endpoint would).</summary>
    public static WebhookAuth Parse(int authType, string? authValue)
    {
        if (string.IsNullOrEmpty(authValue))
        {
            return new(authType, []);
        }

        if (authType == WebhookKeyType)
        {
            return new(authType, [new("code", authValue)]);
        }

        try
        {
            var pairs = XElement.Parse(authValue).Elements("setting")
                .Select(s => new KeyValuePair<string, string>((string?)s.Attribute("name") ?? string.Empty, (string?)s.Attribute("value") ?? string.Empty))
                .Where(p => p.Key.Length > 0)
                .ToList();
            return new(authType, pairs);
        }
        catch (System.Xml.XmlException)
        {
            return new(authType, []);
        }
    }
}
