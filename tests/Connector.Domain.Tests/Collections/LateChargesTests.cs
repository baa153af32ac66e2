using Connector.Domain.Collections;
using Connector.Domain.Ledger;

namespace Connector.Domain.Tests.Collections;

/// <summary>Interest and fees a ladder step's letter proposes, checked against figures worked out by hand.</summary>
public sealed class LateChargesTests
{
    private static readonly DateOnly LetterDate = new(2026, 11, 20);

    /// <summary>The EU late-payment rule as configured in the README: reference rate 2.15 % + 8 points, 40 EUR per invoice.</summary>
    private static DunningStep EuStep() => new() { Level = 3, Name = "Escalate", Days = 30, Email = true, InterestRatePercent = 10.15m, FeeAmount = 40m };

    private static CaseItem Item(string id, decimal open, DateOnly due, bool disputed = false, DocumentType type = DocumentType.Invoice) =>
        new() { InvoiceId = id, Type = type, DueDate = due, OpenAmount = open, Disputed = disputed };

    [Fact]
    public void Compute_EuRule_InterestProRataByDaysAndFortyPerOverdueInvoice()
    {
        IReadOnlyList<CaseItem> items =
        [
            Item("INV-1", 10_000m, new(2026, 10, 5)),                 // 46 days: 10,000 × 10.15 % × 46 / 365 = 127.917… → 127.92
            Item("INV-2", 2_500m, new(2026, 11, 10)),                  // 10 days: 2,500 × 10.15 % × 10 / 365 = 6.952… → 6.95
            Item("INV-3", 1_000m, new(2026, 10, 1), disputed: true),   // disputed: never charged
            Item("CN-1", -300m, new(2026, 10, 1), type: DocumentType.CreditMemo),
            Item("INV-4", 800m, new(2026, 12, 1)),                     // not yet due
            Item("INV-5", 900m, LetterDate),                           // due on the letter's day: 0 days overdue
        ];

        var charges = LateCharges.Compute(EuStep(), items, "EUR", LetterDate);

        Assert.Equal(
            [("INV-1", 46, 127.92m, 40m), ("INV-2", 10, 6.95m, 40m)],
            charges.Lines.Select(static l => (l.InvoiceId, l.DaysOverdue, l.Interest, l.Fee)));
        Assert.Equal((134.87m, 80m, 214.87m), (charges.Interest, charges.Fees, charges.Total));
        Assert.Equal((10.15m, 40m, LetterDate), (charges.RatePercent, charges.FeePerInvoice, charges.On));
    }

    [Fact]
    public void Compute_Yen_RoundsToWholeYen()
    {
        var step = new DunningStep { Level = 1, Name = "Reminder", Days = 1, Email = true, InterestRatePercent = 8m };

        // 1,000,000 × 8 % × 30 / 365 = 6,575.34… → 6,575 JPY; no fee configured.
        var charges = LateCharges.Compute(step, [Item("INV-J", 1_000_000m, LetterDate.AddDays(-30))], "JPY", LetterDate);

        Assert.Equal((6_575m, 0m), (charges.Interest, charges.Fees));
    }

    [Fact]
    public void Compute_StepWithoutInterestOrFee_ProposesNothing()
    {
        var step = new DunningStep { Level = 1, Name = "Reminder", Days = 1, Email = true };

        var charges = LateCharges.Compute(step, [Item("INV-1", 10_000m, new(2026, 10, 5))], "EUR", LetterDate);

        Assert.True(charges.IsEmpty);
        Assert.Empty(charges.Lines);
    }

    [Fact]
    public void Compute_FeeOnly_OneFeePerOverdueInvoice()
    {
        var step = new DunningStep { Level = 3, Name = "Escalate", Days = 30, Email = true, FeeAmount = 40m };

        var charges = LateCharges.Compute(step, [Item("INV-1", 10m, new(2026, 11, 19)), Item("INV-2", 20m, new(2026, 11, 18))], "EUR", LetterDate);

        Assert.Equal((0m, 80m), (charges.Interest, charges.Fees));
    }
}
