using Connector.Domain.Ledger;

namespace Connector.Domain.Tests.Builders;

/// <summary>Builders for dated history: invoices by document date and terms, and fully applied payments.</summary>
internal static class Sales
{
    public static DateOnly D(int year, int month, int day) => new(year, month, day);

    /// <summary>An invoice dated <paramref name="date"/>, due after <paramref name="termsDays"/>; open unless <paramref name="open"/> says otherwise.</summary>
    public static Invoice Invoice(string id, decimal amount, DateOnly date, int termsDays = 30, decimal? open = null, string customerId = "C1", string currency = "USD")
    {
        var openAmount = open ?? amount;
        return new()
        {
            Id = id,
            CustomerId = customerId,
            Currency = currency,
            Amount = amount,
            OpenAmount = openAmount,
            DocumentDate = date,
            DueDate = date.AddDays(termsDays),
            Status = openAmount == 0m ? ItemStatus.Paid : ItemStatus.Open,
        };
    }

    /// <summary>A fully paid invoice.</summary>
    public static Invoice Paid(string id, decimal amount, DateOnly date, int termsDays = 30, string customerId = "C1") =>
        Invoice(id, amount, date, termsDays, 0m, customerId);

    /// <summary>A payment received on <paramref name="date"/> and wholly applied to invoices.</summary>
    public static Payment Payment(string id, decimal amount, DateOnly date, string customerId = "C1", string currency = "USD") => new()
    {
        Id = id,
        CustomerId = customerId,
        Currency = currency,
        Amount = amount,
        AppliedAmount = amount,
        Date = date,
    };
}
