using System.Text.Json;

namespace Connector.Graph.Todo;

/// <summary>The top-level <c>id</c> of a created Graph entity, read from its JSON answer without building the entity.</summary>
internal static class CreatedId
{
    public static async Task<string?> ReadAsync(Stream answer, CancellationToken cancellationToken)
    {
        using var document = await JsonDocument.ParseAsync(answer, default, cancellationToken).ConfigureAwait(false);
        return document.RootElement.ValueKind == JsonValueKind.Object
            && document.RootElement.TryGetProperty("id", out var id)
            && id.ValueKind == JsonValueKind.String
            && id.GetString() is { Length: > 0 } value
            ? value
            : null;
    }
}
