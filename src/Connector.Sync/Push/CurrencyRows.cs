using System.Text.Json;
using Connector.Sync.Credit;
using Connector.Sync.Ports;

namespace Connector.Sync.Push;

/// <summary>
/// Dataverse's currencies (<c>transactioncurrency</c>: id → ISO code) and the organisation's base currency, read in full
/// once per sync like the contacts: an order names its currency only by id, and the order check must not call
/// Dataverse while a sales rep waits.
/// </summary>
public static class CurrencyRows
{
    public static IReadOnlyList<string> CurrencyColumns { get; } = ["transactioncurrencyid", "isocurrencycode"];

    public static IReadOnlyList<string> OrganizationColumns { get; } = ["organizationid", "_basecurrencyid_value"];

    public static async Task<DataverseCurrencies> ReadAsync(IDataverse dataverse, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataverse);
        var codes = new Dictionary<Guid, string>();
        await foreach (var page in dataverse.ReadAllAsync(DataverseModel.TransactionCurrencies, CurrencyColumns, cancellationToken).ConfigureAwait(false))
        {
            foreach (var row in page)
            {
                if (Id(row, "transactioncurrencyid") is { } id && Text(row, "isocurrencycode") is { Length: > 0 } code)
                {
                    codes[id] = code.Trim().ToUpperInvariant();
                }
            }
        }

        Guid? baseCurrency = null;
        await foreach (var page in dataverse.ReadAllAsync(DataverseModel.Organizations, OrganizationColumns, cancellationToken).ConfigureAwait(false))
        {
            foreach (var row in page)
            {
                baseCurrency ??= Id(row, "_basecurrencyid_value");
            }
        }

        return new DataverseCurrencies(codes, baseCurrency);
    }

    private static string? Text(JsonElement record, string column) =>
        record.TryGetProperty(column, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static Guid? Id(JsonElement record, string column) =>
        Text(record, column) is { } text && Guid.TryParse(text, out var id) ? id : null;
}
