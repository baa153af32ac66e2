using System.Text.Json;
using System.Text.Json.Serialization;
using Connector.Domain.Collections;

namespace Connector.Sync.Collections;

/// <summary>
/// A planned case as stored between runs (<see cref="Ports.StoredCase.Snapshot"/>): the next plan's "previous", so it must
/// come back exactly — decimals with their scale, dates, enums by name (readable in the database and stable if an
/// enum gains a member), the assignment and the priority factors.
/// </summary>
public static class CaseSnapshotJson
{
    public static string Serialize(CollectionCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return JsonSerializer.Serialize(c, CaseSnapshotJsonContext.Default.CollectionCase);
    }

    /// <exception cref="JsonException">The text is not a stored case (one line naming what is wrong).</exception>
    public static CollectionCase Deserialize(string json)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(json);
        return JsonSerializer.Deserialize(json, CaseSnapshotJsonContext.Default.CollectionCase)
            ?? throw new JsonException("A stored case snapshot is the JSON null.");
    }
}

/// <summary>Source-generated (no reflection at run time) metadata for <see cref="CaseSnapshotJson"/>.</summary>
[JsonSourceGenerationOptions(
    UseStringEnumConverter = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    RespectRequiredConstructorParameters = true,
    IgnoreReadOnlyProperties = true)]
[JsonSerializable(typeof(CollectionCase))]
internal sealed partial class CaseSnapshotJsonContext : JsonSerializerContext;
