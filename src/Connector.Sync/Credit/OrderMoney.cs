namespace Connector.Sync.Credit;

/// <summary>
/// An order's amount as Dataverse holds it: <c>totalamount</c> in the order's transaction currency
/// (<c>transactioncurrencyid</c>), the rate it was priced at (<c>exchangerate</c>: transaction-currency units per one unit
/// of the organisation's base currency) and <c>totalamount_base</c> (= totalamount / exchangerate, in the base currency).
/// </summary>
/// <param name="Amount"><c>totalamount</c>; <c>null</c> when the order has none yet.</param>
/// <param name="CurrencyId"><c>transactioncurrencyid</c>; <c>null</c> when the payload or row does not name it.</param>
/// <param name="CurrencyName">The lookup's display name when the payload carries one ("US Dollar"), for messages only.</param>
/// <param name="ExchangeRate"><c>exchangerate</c>; <c>null</c> when absent.</param>
/// <param name="BaseAmount"><c>totalamount_base</c>; <c>null</c> when absent.</param>
public sealed record OrderMoney(decimal? Amount, Guid? CurrencyId = null, string? CurrencyName = null, decimal? ExchangeRate = null, decimal? BaseAmount = null);
