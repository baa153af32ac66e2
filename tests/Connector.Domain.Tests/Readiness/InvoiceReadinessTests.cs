using Connector.Domain.Readiness;
using Connector.Domain.Tests.Builders;

namespace Connector.Domain.Tests.Readiness;

public sealed class InvoiceReadinessTests
{
    [Theory]
    [InlineData(true, null, ReadinessGaps.MissingPoNumber)]
    [InlineData(true, " ", ReadinessGaps.MissingPoNumber)]
    [InlineData(true, "PO-1", ReadinessGaps.None)]
    [InlineData(false, null, ReadinessGaps.None)]
    public void Check_PoRequirement_FlagsOnlyAMissingPo(bool requiresPo, string? po, ReadinessGaps expected)
    {
        var gaps = InvoiceReadiness.Check(A.Customer() with { RequiresPo = requiresPo }, A.Invoice("INV-1", 100m) with { PoNumber = po });

        Assert.Equal(expected, gaps);
    }

    [Fact]
    public void Check_ProofOfDeliveryRequired_FlagsInvoicesWithoutIt()
    {
        var proof = new ProofOfDelivery(["C1"], ["INV-1"]);
        var customer = A.Customer() with { RequiresPo = true };

        Assert.Equal(ReadinessGaps.MissingPoNumber, InvoiceReadiness.Check(customer, A.Invoice("INV-1", 100m), proof));
        Assert.Equal(ReadinessGaps.MissingPoNumber | ReadinessGaps.MissingProofOfDelivery, InvoiceReadiness.Check(customer, A.Invoice("INV-2", 100m), proof));
    }

    [Fact]
    public void Check_CreditMemo_IsNeverIncomplete()
    {
        Assert.Equal(ReadinessGaps.None, InvoiceReadiness.Check(A.Customer() with { RequiresPo = true }, A.CreditMemo("CM-1", 50m)));
    }

    [Fact]
    public void FindIncomplete_Ledger_ListsOpenInvoicesWithCodeAndReason()
    {
        var ledger = A.Ledger([A.Customer("C1") with { RequiresPo = true }, A.Customer("C2")],
            [A.Invoice("INV-1", 100m), A.Invoice("INV-2", 100m) with { PoNumber = "PO-2" }, A.Invoice("INV-3", 100m, customerId: "C2")]);

        var found = Assert.Single(InvoiceReadiness.FindIncomplete(ledger));

        Assert.Equal(("C1", "INV-1", "INCOMPLETE_INVOICE", "missing PO number"), (found.CustomerId, found.InvoiceId, found.Code, found.Reason));
    }
}
