namespace Connector.Sync.Credit;

/// <summary>
/// Dataverse's currencies as the last sync read them: each <c>transactioncurrency</c> row's ISO code by its id (an order
/// names its currency only by that id) and the organisation's base currency (the currency of every <c>*_base</c> column).
/// </summary>
public sealed class DataverseCurrencies
{
    private readonly IReadOnlyDictionary<Guid, string> isoCodes;

    public DataverseCurrencies(IReadOnlyDictionary<Guid, string> isoCodes, Guid? baseCurrencyId)
    {
        ArgumentNullException.ThrowIfNull(isoCodes);
        this.isoCodes = isoCodes;
        BaseCurrencyId = baseCurrencyId;
    }

    /// <summary>Nothing read (a snapshot made without Dataverse): no currency id resolves, no base currency is known.</summary>
    public static DataverseCurrencies None { get; } = new(new Dictionary<Guid, string>(), null);

    public Guid? BaseCurrencyId { get; }

    /// <summary>The ISO code of the organisation's base currency; <c>null</c> when not known.</summary>
    public string? BaseCurrency => BaseCurrencyId is { } id ? IsoCodeOf(id) : null;

    public int Count => isoCodes.Count;

    /// <summary>Every currency's ISO code by its row id.</summary>
    public IReadOnlyDictionary<Guid, string> IsoCodes => isoCodes;

    /// <summary>The ISO code of a <c>transactioncurrency</c> row; <c>null</c> when it was not listed.</summary>
    public string? IsoCodeOf(Guid currencyId) => isoCodes.TryGetValue(currencyId, out var code) ? code : null;
}
