namespace Connector.Domain.Ledger;

/// <summary>Company-currency units per one unit of <see cref="Currency"/>, valid from <see cref="Date"/>.</summary>
public sealed record ExchangeRate(string Currency, DateOnly Date, decimal Rate);
