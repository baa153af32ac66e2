using Connector.Domain.Currencies;

namespace Connector.Domain.CashApplication;

/// <summary>
/// What the matching knows besides the ledger: payer bank accounts learned from earlier accepted matches (each naming one
/// customer; an account seen with several customers is left out by whoever builds this), and the ledger's exchange rates
/// for payments in another currency than the invoices they pay.
/// </summary>
public sealed class CashMatchingContext
{
    public static CashMatchingContext None { get; } = new();

    /// <summary>Normalised payer account (<see cref="PayerAccounts.Normalise"/>) → customer id.</summary>
    public IReadOnlyDictionary<string, string> KnownPayers { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The ledger's rates; <c>null</c>: no cross-currency matching.</summary>
    public CurrencyConverter? Rates { get; init; }
}
