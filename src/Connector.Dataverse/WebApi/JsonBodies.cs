using System.Text.Json;

namespace Connector.Dataverse.WebApi;

/// <summary>Reads JSON answers into elements that outlive the response.</summary>
internal static class JsonBodies
{
    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var document = await JsonDocument.ParseAsync(stream, default, cancellationToken);
        return document.RootElement.Clone();
    }

    /// <summary>The <c>value</c> array of a collection answer, as elements.</summary>
    public static IReadOnlyList<JsonElement> Values(JsonElement root) =>
        root.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray()] : [];

    public static string? Text(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
