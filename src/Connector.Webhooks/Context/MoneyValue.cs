namespace Connector.Webhooks.Context;

/// <summary>A currency column's value (<c>Money</c>); the currency is the row's <c>transactioncurrencyid</c>.</summary>
public sealed record MoneyValue(decimal Value);
