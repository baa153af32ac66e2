using System.Text.Json;

namespace Connector.Dataverse.WebApi;

/// <summary>Reads record ids from what Dataverse returns.</summary>
public static class EntityIds
{
    /// <summary>
    /// The GUID an <c>OData-EntityId</c> URL names, e.g. <c>…/accounts(0000…)</c>; null for a key URL
    /// (<c>…/accounts(accountnumber='C-1')</c>), even when the key value itself looks like a GUID in parentheses.
    /// </summary>
    public static Guid? FromEntityIdUrl(string? url)
    {
        if (string.IsNullOrEmpty(url) || !url.EndsWith(')'))
        {
            return null;
        }

        // Key values cannot contain '/' (use-alternate-key-reference-record), so the last segment is the record's.
        var segment = url.AsSpan(url.LastIndexOf('/') + 1);
        var open = segment.IndexOf('(');
        return open >= 0 && Guid.TryParse(segment[(open + 1)..^1], out var id) ? id : null;
    }

    /// <summary>The id in a response's <c>OData-EntityId</c> header.</summary>
    public static Guid? FromResponse(HttpResponseMessage response) => FromEntityIdUrl(EntityIdUrl(response));

    /// <summary>A response's <c>OData-EntityId</c> header as sent, or null.</summary>
    public static string? EntityIdUrl(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.Headers.NonValidated.TryGetValues("OData-EntityId", out var values) ? values.FirstOrDefault() : null;
    }

    /// <summary>A GUID-valued property of a record (<c>accountid</c>), or null.</summary>
    public static Guid? FromProperty(JsonElement record, string name) =>
        record.ValueKind == JsonValueKind.Object && record.TryGetProperty(name, out var value)
            && value.ValueKind == JsonValueKind.String && value.TryGetGuid(out var id)
                ? id
                : null;
}
