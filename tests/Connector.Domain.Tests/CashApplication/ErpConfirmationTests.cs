using Connector.Domain.CashApplication;

namespace Connector.Domain.Tests.CashApplication;

public sealed class ErpConfirmationTests
{
    [Fact]
    public void Check_BankPaymentAndInvoiceNowPaid_Confirmed() =>
        Assert.Equal(ErpConfirmationState.Confirmed, ErpConfirmation.Check(Bank(openNow: 0m)).State);

    [Fact]
    public void Check_BankPaymentAndInvoiceUnchanged_StillAwaiting() =>
        Assert.Equal(ErpConfirmationState.Awaiting, ErpConfirmation.Check(Bank(openNow: 1000m)).State);

    [Fact]
    public void Check_ErpTookLessOffTheInvoice_DisagreesInWords()
    {
        var (state, why) = ErpConfirmation.Check(Bank(openNow: 600m));

        Assert.Equal(ErpConfirmationState.Disagreed, state);
        Assert.Equal("The ERP took 400.00 USD off INV-1, the application 1,000.00 USD (600.00 USD still open).", why);
    }

    [Fact]
    public void Check_ErpPaymentAppliedAndInvoicePaid_Confirmed() =>
        Assert.Equal(ErpConfirmationState.Confirmed, ErpConfirmation.Check(Erp(openNow: 0m, appliedNow: 1000m)).State);

    [Fact]
    public void Check_InvoicePaidButErpPaymentStillUnapplied_DisagreesPaidFromOtherCash()
    {
        var (state, why) = ErpConfirmation.Check(Erp(openNow: 0m, appliedNow: 0m));

        Assert.Equal(ErpConfirmationState.Disagreed, state);
        Assert.Contains("paid from other cash", why, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ErpAppliedThePaymentElsewhere_Disagrees()
    {
        var (state, why) = ErpConfirmation.Check(Erp(openNow: 1000m, appliedNow: 1000m));

        Assert.Equal(ErpConfirmationState.Disagreed, state);
        Assert.Contains("applied the cash elsewhere", why, StringComparison.Ordinal);
    }

    private static ErpConfirmationInput Bank(decimal openNow) => new("BANK-1", "INV-1", "USD", 1000m, 1000m, openNow, false, 0m, 0m, 1000m);

    private static ErpConfirmationInput Erp(decimal openNow, decimal appliedNow) => new("PAY-1", "INV-1", "USD", 1000m, 1000m, openNow, true, 0m, appliedNow, 1000m);
}
