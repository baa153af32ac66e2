using Connector.Mapping.Canonical;
using Connector.Mapping.Rows;
using static Connector.Mapping.Tests.MappingBuilder;

namespace Connector.Mapping.Tests.Canonical;

public sealed class LedgerAssemblerTests
{
    private static CanonicalRecord Record(CanonicalEntity entity, params string?[] values) =>
        new(entity, CanonicalSchema.Of(entity).KeyOf(values), values);

    private static CanonicalRecord Customer(string id, string? parent) =>
        Record(CanonicalEntity.Customers, id, "Name " + id, "EUR", "30", "1000", parent, null, null, null, null, null, null);

    [Fact]
    public void Assemble_EveryRowWithItsOwnStrings_ItemsKeepOneCustomerIdAndCurrencyString()
    {
        // A store hands every value as a new string; a million invoices would keep a million copies of a few texts.
        static string Copy(string text) => new(text.AsSpan());
        var ledger = LedgerAssembler.Assemble(
            [],
            [Record(CanonicalEntity.Customers, Copy("S1"), "Name", Copy("EUR"), "30", "1000", null, null, null, null, null, null, null)],
            [Record(CanonicalEntity.Invoices, "I1", Copy("S1"), "invoice", "2026-01-01", "2026-01-31", "100", "100", Copy("EUR"), null, null, "open"),
             Record(CanonicalEntity.Invoices, "I2", Copy("S1"), "invoice", "2026-01-01", "2026-02-28", "5", "5", Copy("EUR"), null, null, "open")],
            [Record(CanonicalEntity.Payments, "P1", Copy("S1"), "2026-01-10", "50", Copy("EUR"), null, null)],
            [Record(CanonicalEntity.Orders, "O1", Copy("S1"), "10", "10", Copy("EUR"), "open", "erp")],
            [],
            [Record(CanonicalEntity.Promises, Copy("S1"), "2026-01-02", "2026-01-20", "100")]);

        var account = ledger.Find("S1")!;
        Assert.Equal(2, account.Invoices.Count);
        Assert.All(account.Invoices, i => Assert.Same(account.Customer.Id, i.CustomerId));
        Assert.All(account.Invoices, i => Assert.Same(account.Customer.Currency, i.Currency));
        Assert.Same(account.Customer.Id, Assert.Single(account.Payments).CustomerId);
        Assert.Same(account.Customer.Currency, Assert.Single(account.Orders).Currency);
        Assert.Same(account.Customer.Id, Assert.Single(account.Promises).CustomerId);
    }

    [Fact]
    public void Assemble_GroupsItemsUnderCustomers_DropsUnknownParentKeepsCustomer()
    {
        var ledger = LedgerAssembler.Assemble(
            [Record(CanonicalEntity.Collectors, "COL1", "Ann", null, null, null)],
            [Customer("H1", null), Customer("S1", "H1"), Customer("S2", "GONE")],
            [Record(CanonicalEntity.Invoices, "I1", "S1", "invoice", "2026-01-01", "2026-01-31", "100", "100", "EUR", null, null, "open"),
             Record(CanonicalEntity.Invoices, "I2", "NOBODY", "invoice", "2026-01-01", "2026-01-31", "5", "5", "EUR", null, null, "open")],
            [Record(CanonicalEntity.Payments, "P1", null, "2026-01-10", "50", "EUR", null, null)],
            [Record(CanonicalEntity.Orders, "O1", "H1", "10", "10", "EUR", "open", "erp")],
            [Record(CanonicalEntity.Rates, "EUR", "2026-01-01", "1.08")],
            [Record(CanonicalEntity.Promises, "S1", "2026-01-02", "2026-01-20", "100")]);

        Assert.Equal(["H1", "S1", "S2"], ledger.Accounts.Select(a => a.Id));
        Assert.Equal("H1", ledger.Find("S1")!.Parent!.Id);
        Assert.Null(ledger.Find("S2")!.Customer.ParentId);
        Assert.Equal("I1", Assert.Single(ledger.Find("S1")!.OpenItems).Id);
        Assert.Single(ledger.Find("S1")!.Promises);
        Assert.Single(ledger.Find("H1")!.Orders);
        Assert.Equal("P1", Assert.Single(ledger.UnassignedPayments).Id);
        Assert.Single(ledger.Rates);
        Assert.Single(ledger.Collectors);
        Assert.Equal(["invoice I2 names unknown customer 'NOBODY'"], ledger.Orphans);
    }

    [Fact]
    public void Assemble_MappedRows_RoundTripIntoLedger()
    {
        var mapper = Bind(Rows.RowMapperTests.Invoices, Rows.RowMapperTests.Header);
        var invoice = mapper.Map(["INV-1", "c-1", "RV", "05.01.2026", "04.02.2026", "1.234,50", "234,50", "", ""]);
        Assert.Equal(MapOutcome.Mapped, invoice.Outcome);

        var ledger = LedgerAssembler.Assemble([], [Customer("C-1", null)], [invoice.Record!], [], [], [], []);

        var item = Assert.Single(ledger.Find("C-1")!.OpenItems);
        Assert.Equal((1234.5m, 234.5m, new DateOnly(2026, 2, 4)), (item.Amount, item.OpenAmount, item.DueDate));
    }
}
