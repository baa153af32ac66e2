using Connector.Domain.Exposure;
using Connector.Domain.Ledger;
using Connector.Domain.Tests.Builders;

namespace Connector.Domain.Tests.Exposure;

public sealed class ExposureCalculatorTests
{
    private static ArLedger MixedLedger() => A.Ledger(
        [A.Customer()],
        invoices: [A.Invoice("I1", 1_000m, daysPastDue: 10), A.Invoice("I2", 500m), A.CreditMemo("CM1", 200m)],
        payments: [A.Payment("P1", 400m, applied: 250m), A.Payment("P2", 900m, applied: 900m)],
        orders:
        [
            A.Order("SO1", 300m),
            A.Order("SO2", 999m) with { Status = OrderStatus.Invoiced },
            A.Order("SO3", 777m) with { Status = OrderStatus.Cancelled },
        ]);

    [Fact]
    public void Compute_InvoicesCreditMemoOpenOrderAndUnappliedCash_FollowsTheFormula()
    {
        var exposure = CreditSetup.Exposure(MixedLedger());

        Assert.Equal(1_300m, exposure.OpenAr); // 1,000 + 500 − 200
        Assert.Equal(300m, exposure.OpenOrders); // invoiced and cancelled orders do not count
        Assert.Equal(150m, exposure.UnappliedCash); // 400 − 250
        Assert.Equal(1_450m, exposure.Total);
        Assert.True(exposure.IsEvaluable);
    }

    [Fact]
    public void Compute_SubtractUnappliedCashOff_KeepsTheCash()
    {
        var exposure = CreditSetup.Exposure(MixedLedger(), subtractUnappliedCash: false);

        Assert.Equal(1_600m, exposure.Total);
    }

    [Theory]
    [InlineData(OrderSource.Erp, OrderSource.Dataverse)]
    [InlineData(OrderSource.Dataverse, OrderSource.Erp)]
    public void Compute_SameOrderInErpAndDataverse_CountsOnceWithTheErpFigure(OrderSource first, OrderSource second)
    {
        decimal AmountFrom(OrderSource source) => source == OrderSource.Erp ? 400m : 500m;
        var ledger = A.Ledger([A.Customer()], orders:
        [
            A.Order("SO1", AmountFrom(first)) with { Source = first },
            A.Order("SO1", AmountFrom(second)) with { Source = second },
            A.Order("SO2", 50m) with { Source = OrderSource.Dataverse },
        ]);

        var exposure = CreditSetup.Exposure(ledger);

        Assert.Equal(450m, exposure.OpenOrders);
        Assert.Equal(400m, exposure.CountedAmountOf("SO1"));
        Assert.Null(exposure.CountedAmountOf("SO9"));
    }

    [Fact]
    public void Compute_ManyOrdersWithDuplicates_CountsEachIdOnce()
    {
        var orders = Enumerable.Range(1, 30).Select(i => A.Order($"SO{i}", 10m)).ToList();
        orders.Add(A.Order("SO7", 99m) with { Source = OrderSource.Dataverse });
        var ledger = A.Ledger([A.Customer()], orders: orders);

        Assert.Equal(300m, CreditSetup.Exposure(ledger).OpenOrders);
    }

    [Fact]
    public void Compute_OverInvoicedOrder_CountsAsZero()
    {
        var ledger = A.Ledger([A.Customer()], orders: [A.Order("SO1", -80m)]);

        Assert.Equal(0m, CreditSetup.Exposure(ledger).OpenOrders);
    }

    [Fact]
    public void Compute_ForeignInvoice_UsesTheLatestRateOnOrBeforeAsOf()
    {
        var ledger = A.Ledger(
            [A.Customer()],
            invoices: [A.Invoice("I1", 100m, currency: "EUR")],
            rates: [CreditSetup.Rate("EUR", 1.10m, daysAgo: 29), CreditSetup.Rate("EUR", 1.20m, daysAgo: -1)]);

        Assert.Equal(110m, CreditSetup.Exposure(ledger).Total);
    }

    [Fact]
    public void Compute_MissingRate_IsNotEvaluableWithTheReason()
    {
        var ledger = A.Ledger([A.Customer()], invoices: [A.Invoice("I1", 100m), A.Invoice("I2", 100m, currency: "GBP")]);

        var exposure = CreditSetup.Exposure(ledger);

        Assert.False(exposure.IsEvaluable);
        Assert.Equal(
            "customer C1: no GBP rate on or before 2026-06-30 (rates are company-currency units per one GBP)",
            exposure.NotEvaluableReason);
    }

    [Fact]
    public void Compute_InvoiceDatedAfterAsOf_IsNotYetExposure()
    {
        var future = A.Invoice("I1", 100m) with { DocumentDate = A.AsOf.AddDays(1), DueDate = A.AsOf.AddDays(31) };
        var ledger = A.Ledger([A.Customer()], invoices: [future, A.Invoice("I2", 40m)]);

        Assert.Equal(40m, CreditSetup.Exposure(ledger).Total);
    }
}
