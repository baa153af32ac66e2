using Connector.Domain.Ledger;

namespace Connector.Domain.Tests.Ledger;

/// <summary>The invoice record keeps its amounts packed (decision 135): what a reader sees must be exactly what was set.</summary>
public sealed class InvoiceTests
{
    public static TheoryData<decimal> Amounts() =>
    [
        0m,
        1234.56m,
        -1234.56m,
        1.10m,
        new decimal(0, 0, 0, isNegative: true, scale: 2), // −0.00
        0.0000000000000000000000000001m,
        18_446_744_073_709_551_615m, // the widest magnitude that packs
        18_446_744_073_709_551_616m, // one more: kept whole
        -79_228_162_514_264_337_593_543_950_335m,
        decimal.MaxValue,
        123_456_789_012_345_678.901234567m,
    ];

    [Theory]
    [MemberData(nameof(Amounts))]
    public void Amounts_AnyDecimal_ReadBackWithTheSameBits(decimal amount)
    {
        var invoice = Make(amount, -amount, "PO-7");

        Assert.Equal(decimal.GetBits(amount), decimal.GetBits(invoice.Amount));
        Assert.Equal(decimal.GetBits(-amount), decimal.GetBits(invoice.OpenAmount));
        Assert.Equal("PO-7", invoice.PoNumber);
    }

    [Theory]
    [MemberData(nameof(Amounts))]
    public void With_WideOrNarrowAmounts_KeepsEveryOtherProperty(decimal amount)
    {
        var invoice = Make(amount, amount, null);

        var repriced = invoice with { OpenAmount = 5m, PoNumber = "PO-9" };
        var widened = repriced with { Amount = decimal.MinValue };

        Assert.Equal(amount, repriced.Amount);
        Assert.Equal(5m, repriced.OpenAmount);
        Assert.Equal("PO-9", repriced.PoNumber);
        Assert.Equal(decimal.MinValue, widened.Amount);
        Assert.Equal(5m, widened.OpenAmount);
        Assert.Equal("PO-9", widened.PoNumber);
        Assert.Null(invoice.PoNumber);
        Assert.Equal(amount, invoice.OpenAmount);
    }

    [Fact]
    public void Equals_SameValuesAtAnotherScale_AreEqualWithTheSameHash()
    {
        var a = Make(100.5m, 100.50m, "PO-1");
        var b = Make(100.500m, 100.5m, "PO-1");

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void Equals_AnyPropertyChanged_AreNotEqual()
    {
        var a = Make(decimal.MaxValue, 10m, "PO-1");

        Assert.Equal(a, a with { });
        Assert.NotEqual(a, a with { Id = "INV-2" });
        Assert.NotEqual(a, a with { CustomerId = "C2" });
        Assert.NotEqual(a, a with { Type = DocumentType.CreditMemo });
        Assert.NotEqual(a, a with { DocumentDate = a.DocumentDate.AddDays(1) });
        Assert.NotEqual(a, a with { DueDate = a.DueDate.AddDays(1) });
        Assert.NotEqual(a, a with { Amount = 1m });
        Assert.NotEqual(a, a with { OpenAmount = 10.01m });
        Assert.NotEqual(a, a with { Currency = "EUR" });
        Assert.NotEqual(a, a with { PoNumber = "po-1" });
        Assert.NotEqual(a, a with { PoNumber = null });
        Assert.NotEqual(a, a with { Disputed = true });
        Assert.NotEqual(a, a with { Status = ItemStatus.Paid });
    }

    [Fact]
    public void ToString_PrintsTheAmountsAsSet()
    {
        var text = Make(1.50m, -0.25m, "PO-3").ToString();

        Assert.Contains("Amount = 1.50", text, StringComparison.Ordinal);
        Assert.Contains("OpenAmount = -0.25", text, StringComparison.Ordinal);
        Assert.Contains("PoNumber = PO-3", text, StringComparison.Ordinal);
    }

    private static Invoice Make(decimal amount, decimal open, string? po) => new()
    {
        Id = "INV-1",
        CustomerId = "C1",
        DocumentDate = new DateOnly(2026, 10, 1),
        DueDate = new DateOnly(2026, 10, 31),
        Amount = amount,
        OpenAmount = open,
        Currency = "USD",
        PoNumber = po,
    };
}
