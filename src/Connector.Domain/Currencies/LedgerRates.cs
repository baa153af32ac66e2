using Connector.Domain.Ledger;

namespace Connector.Domain.Currencies;

public static class LedgerRates
{
    /// <summary>The ledger's rates in force on <paramref name="asOf"/>, converting through <paramref name="companyCurrency"/>.</summary>
    public static RatesAsOf RatesOn(this ArLedger ledger, string companyCurrency, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        return new CurrencyConverter(companyCurrency, ledger.Rates).At(asOf);
    }
}
