using System.Text.Json;

namespace Connector.Dataverse.WebApi;

/// <summary>Reads record ids from what Dataverse returns.</summary>
public static class EntityIds
{
    /// <summary>The GUID inside the last parentheses of an <c>OData-EntityId</c> URL, e.g. <c>…/accounts(0000…)</c>.</summary>
    public static Guid? FromEntityIdUrl(string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return null;
        }

        var open = url.LastIndexOf('(');
        var close = url.LastIndexOf(')');
        return open >= 0 && close > open && Guid.TryParse(url.AsSpan(open + 1, close - open - 1), out var id) ? id : null;
    }

    /// <summary>The id in a response's <c>OData-EntityId</c> header.</summary>
    public static Guid? FromResponse(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.Headers.NonValidated.TryGetValues("OData-EntityId", out var values) ? FromEntityIdUrl(values.FirstOrDefault()) : null;
    }

    /// <summary>A GUID-valued property of a record (<c>accountid</c>), or null.</summary>
    public static Guid? FromProperty(JsonElement record, string name) =>
        record.ValueKind == JsonValueKind.Object && record.TryGetProperty(name, out var value)
            && value.ValueKind == JsonValueKind.String && value.TryGetGuid(out var id)
                ? id
                : null;
}
