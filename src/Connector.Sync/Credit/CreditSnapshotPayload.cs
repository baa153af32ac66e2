using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Connector.Domain.Credit;
using Connector.Domain.Exposure;

namespace Connector.Sync.Credit;

/// <summary>
/// A <see cref="CreditSnapshot"/> as instances publish it to each other: gzip-compressed JSON of the figures (every
/// customer's <see cref="CustomerCreditSnapshot"/>, the account, contact and currency maps) and, apart, of the manual
/// actions (so a release travels without the figures). Only stored values are written; what the domain computes from
/// them (totals, sentences, transitions) is computed again on the reading side, by the same code.
/// </summary>
public static class CreditSnapshotPayload
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { StoredValuesOnly } },
        Converters = { new RateTableConverter() },
        NumberHandling = JsonNumberHandling.Strict,
    };

    public static byte[] Figures(CreditSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var figures = new FiguresJson(
            snapshot.Credit.AsOf,
            snapshot.EvaluatedAt,
            snapshot.Credit.IgnoredActions,
            snapshot.Credit.Snapshots,
            snapshot.CustomersByAccount.ToDictionary(static p => p.Key, static p => p.Value),
            snapshot.ContactAccounts.ToDictionary(static p => p.Key, static p => p.Value),
            snapshot.Currencies.IsoCodes.ToDictionary(static p => p.Key, static p => p.Value),
            snapshot.Currencies.BaseCurrencyId);
        return Compress(figures);
    }

    public static byte[] Actions(ManualActions actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        return Compress(new ActionsJson([.. actions.Releases], [.. actions.Overrides], [.. actions.Holds]));
    }

    /// <summary>The snapshot published as <paramref name="figures"/>, with <paramref name="actions"/> in force.</summary>
    /// <exception cref="InvalidDataException">The payload is not one this version of the connector reads.</exception>
    public static CreditSnapshot Read(byte[] figures, byte[] actions)
    {
        var read = Decompress<FiguresJson>(figures);
        var accountIds = new Dictionary<string, Guid>(read.Accounts.Count, StringComparer.Ordinal);
        foreach (var (accountId, customerId) in read.Accounts)
        {
            accountIds[customerId] = accountId;
        }

        return new CreditSnapshot(
            new CreditEvaluation(read.AsOf, read.Customers, read.IgnoredActions),
            accountIds,
            ReadActions(actions),
            read.EvaluatedAt,
            read.Contacts,
            new DataverseCurrencies(read.Currencies, read.BaseCurrencyId));
    }

    /// <exception cref="InvalidDataException">The payload is not one this version of the connector reads.</exception>
    public static ManualActions ReadActions(byte[] actions)
    {
        var read = Decompress<ActionsJson>(actions);
        return new ManualActions(read.Releases, read.Overrides, read.Holds);
    }

    private static byte[] Compress<T>(T value)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            JsonSerializer.Serialize(gzip, value, Json);
        }

        return buffer.ToArray();
    }

    private static T Decompress<T>(byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        try
        {
            using var gzip = new GZipStream(new MemoryStream(payload), CompressionMode.Decompress);
            return JsonSerializer.Deserialize<T>(gzip, Json) ?? throw new InvalidDataException("The published credit snapshot is empty.");
        }
        catch (Exception e) when (e is JsonException or InvalidDataException)
        {
            throw new InvalidDataException($"The published credit snapshot cannot be read: {e.Message}", e);
        }
    }

    /// <summary>Computed properties (no setter) are neither written nor expected: the reader computes them itself.</summary>
    private static void StoredValuesOnly(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object || info.Type.Namespace?.StartsWith("Connector.", StringComparison.Ordinal) != true)
        {
            return;
        }

        var parameters = info.CreateObject is null
            ? info.Type.GetConstructors().SelectMany(static c => c.GetParameters()).Select(static p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase)
            : [];
        for (var i = info.Properties.Count - 1; i >= 0; i--)
        {
            var property = info.Properties[i];
            if (property.Set is null && !parameters.Contains(property.Name))
            {
                info.Properties.RemoveAt(i);
            }
        }
    }

    private sealed record FiguresJson(
        DateOnly AsOf,
        DateTimeOffset EvaluatedAt,
        IReadOnlyList<string> IgnoredActions,
        IReadOnlyList<CustomerCreditSnapshot> Customers,
        Dictionary<Guid, string> Accounts,
        Dictionary<Guid, Guid> Contacts,
        Dictionary<Guid, string> Currencies,
        Guid? BaseCurrencyId);

    private sealed record ActionsJson(IReadOnlyList<HoldRelease> Releases, IReadOnlyList<OrderOverride> Overrides, IReadOnlyList<ManualHold> Holds);

    /// <summary>A rate table as the rates it found; read back into a table that converts and words a missing rate alike.</summary>
    private sealed class RateTableConverter : JsonConverter<RateTable>
    {
        public override RateTable Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var read = JsonSerializer.Deserialize<RatesJson>(ref reader, options) ?? throw new JsonException("a rate table is null");
            return RateTable.Of(read.AsOf, read.CompanyCurrency, read.Rates);
        }

        public override void Write(Utf8JsonWriter writer, RateTable value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, new RatesJson(value.AsOf, value.CompanyCurrency, value.Known.ToDictionary(StringComparer.OrdinalIgnoreCase)), options);

        private sealed record RatesJson(DateOnly AsOf, string CompanyCurrency, Dictionary<string, decimal> Rates);
    }
}
