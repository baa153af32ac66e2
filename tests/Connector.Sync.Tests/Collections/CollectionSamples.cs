using Connector.Domain.Collections;
using Connector.Domain.Currencies;
using Connector.Domain.Ledger;
using Connector.Domain.Promises;
using Connector.Sync.Collections;
using Connector.Sync.Ports;

namespace Connector.Sync.Tests.Collections;

/// <summary>
/// Cases as the real evaluator makes them, for a sample company on 2026-11-23: Contoso Ltd (C1042, USD) with invoices
/// a given number of days past due, optionally a disputed one, promises and past contacts.
/// </summary>
internal static class CollectionSamples
{
    public static readonly DateOnly AsOf = new(2026, 11, 23);

    public static Customer Contoso(string? email = "ap@contoso.example", string? language = null) => new()
    {
        Id = "C1042",
        Name = "Contoso Ltd",
        Currency = "USD",
        Email = email,
        Language = language,
        RiskClass = RiskClass.B,
        CollectorId = "COL-ANNA",
    };

    public static Invoice Invoice(string id, decimal open, int daysPastDue, DateOnly? asOf = null, bool disputed = false, string customerId = "C1042", string currency = "USD")
    {
        var day = asOf ?? AsOf;
        return new Invoice
        {
            Id = id,
            CustomerId = customerId,
            DocumentDate = day.AddDays(-daysPastDue - 30),
            DueDate = day.AddDays(-daysPastDue),
            Amount = open,
            OpenAmount = open,
            Currency = currency,
            PoNumber = "PO-" + id,
            Disputed = disputed,
        };
    }

    /// <summary>
    /// The case of the ledger's only customer on <paramref name="asOf"/>, assigned as the planner would; given the case the
    /// last plan left (<paramref name="previous"/>), as the planner gives it.
    /// </summary>
    public static CollectionCase Case(
        Customer customer,
        IEnumerable<Invoice> invoices,
        DateOnly? asOf = null,
        IEnumerable<PaymentPromise>? promises = null,
        IEnumerable<ContactAttempt>? history = null,
        IEnumerable<ExchangeRate>? rates = null,
        CollectionsPolicy? policy = null,
        CollectionCase? previous = null)
    {
        var day = asOf ?? AsOf;
        var ledger = new ArLedger([customer], invoices, promises: promises);
        var found = new CollectionCaseEvaluator(policy ?? new CollectionsPolicy())
            .Evaluate(ledger.Accounts[0], new CurrencyConverter("USD", rates ?? []).At(day), out var summary, new ContactHistory(history), previous: previous);
        Assert.True(found is not null, summary.Reason ?? summary.Outcome.ToString());
        return found with
        {
            Assignment = new CollectorAssignment("COL-ANNA", AssignmentReason.Explicit, "collector COL-ANNA is named by the ERP"),
            NextAction = found.NextAction with { AssigneeId = "COL-ANNA" },
        };
    }

    /// <summary>Contoso with 12,400.00 USD undisputed overdue, oldest <paramref name="oldestDays"/> days, and 1,250.00 USD disputed.</summary>
    public static CollectionCase ContosoCase(int oldestDays, DateOnly? asOf = null, Customer? customer = null, CollectionCase? previous = null) => Case(
        customer ?? Contoso(),
        [
            Invoice("INV-20391", 8_000m, oldestDays, asOf),
            Invoice("INV-20455", 4_400m, oldestDays - 12, asOf),
            Invoice("INV-20510", 1_250m, oldestDays - 10, asOf, disputed: true),
        ],
        asOf,
        previous: previous);

    public static CaseContext Context(Customer? customer = null, IEnumerable<StoredContactAttempt>? contacts = null, IReadOnlyList<PromiseStatus>? promises = null) => new()
    {
        Customer = customer ?? Contoso(),
        CollectorName = "Anna Lindqvist",
        Contacts = [.. contacts ?? []],
        Promises = promises ?? [],
        AccountUrl = new Uri("https://contoso.crm4.dynamics.com/main.aspx?etn=account&id=6f1d2c3e-0000-4000-8000-000000001042&pagetype=entityrecord"),
    };

    public static StoredContactAttempt TaskDone(int level, DateOnly on, string by = "anna@contoso-ar.example") =>
        new("C1042", "CASE-C1042", level, ContactKind.Task, on, by, "Called Mr. Okafor, payment run on Friday", $"task-AAMk{level}|{on:yyyyMMdd}");

    public static StoredContactAttempt EmailSent(int level, DateOnly on, string customerId = "C1042") =>
        new(customerId, "CASE-" + customerId, level, ContactKind.Email, on, "ar@fabrikam.example", $"level {level} reminder", $"CASE-{customerId}|L{level}|{on:yyyy-MM-dd}");
}
