using System.Text.Json;
using Connector.Domain.Collections;
using Connector.Domain.Ledger;
using Connector.Domain.Readiness;
using Connector.Sync.Collections;
using FsCheck;
using FsCheck.Fluent;
using static Connector.Sync.Tests.Collections.CollectionSamples;

namespace Connector.Sync.Tests.Collections;

public sealed class CaseSnapshotJsonTests
{
    [Fact]
    public void RoundTrip_EvaluatedCase_ComesBackExactly()
    {
        var customer = Contoso() with { RequiresPo = true, RiskClass = RiskClass.D };
        var original = Case(customer, [Invoice("INV-20391", 8_000.10m, 75), Invoice("INV-20455", 4_400m, 40) with { PoNumber = null }, Invoice("INV-20510", 1_250.5m, 45, disputed: true)])
            with
        { PromiseGraceEnd = AsOf.AddDays(5), BrokenPromise = true };

        var json = CaseSnapshotJson.Serialize(original);
        var back = CaseSnapshotJson.Deserialize(json);

        Assert.Equal(json, CaseSnapshotJson.Serialize(back));
        Assert.Equal(original with { Items = back.Items, Priority = back.Priority }, back);
        Assert.Equal(original.Items, back.Items);
        Assert.Equal(original.Priority.Factors, back.Priority.Factors);
        Assert.Equal(original.Priority with { Factors = back.Priority.Factors }, back.Priority);
        Assert.Equal(ReadinessGaps.MissingPoNumber, back.Items.Single(i => i.InvoiceId == "INV-20455").Gaps);
        Assert.Equal("COL-ANNA", back.Assignment?.CollectorId);
    }

    [Fact]
    public void Serialize_Enums_AreWrittenByName()
    {
        var json = CaseSnapshotJson.Serialize(ContosoCase(75));

        Assert.Contains("\"state\":\"Active\"", json, StringComparison.Ordinal);
        Assert.Contains("\"kind\":\"CollectorTask\"", json, StringComparison.Ordinal);
        Assert.Contains("\"reason\":\"Explicit\"", json, StringComparison.Ordinal);
        Assert.Contains("\"riskClass\":\"B\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"incomplete\"", json, StringComparison.Ordinal); // computed, not stored
    }

    [Fact]
    public void Deserialize_CaseStoredBeforeTheScheduledDay_ReadsAndItsActionIsPlannedAfresh()
    {
        // The earlier shape: the action carried its own importance and no scheduled day; its due date was the step's, long past.
        var stored = ContosoCase(75);
        var json = CaseSnapshotJson.Serialize(stored)
            .Replace($"\"scheduledOn\":\"{stored.NextAction.ScheduledOn:yyyy-MM-dd}\",", "", StringComparison.Ordinal)
            .Replace($"\"dueDate\":\"{stored.NextAction.DueDate:yyyy-MM-dd}\"", "\"dueDate\":\"2026-11-08\",\"importance\":\"High\"", StringComparison.Ordinal);
        Assert.DoesNotContain("scheduledOn", json, StringComparison.Ordinal);

        var old = CaseSnapshotJson.Deserialize(json);
        var next = ContosoCase(76, AsOf.AddDays(1), previous: old); // the same invoices a day later

        Assert.Equal(DateOnly.MinValue, old.NextAction.ScheduledOn);
        Assert.Equal(new DateOnly(2026, 11, 8), old.NextAction.DueDate);
        Assert.Equal(AsOf.AddDays(1), next.NextAction.DueDate); // not the past due date the old version set
    }

    [Fact]
    public void Deserialize_NotACase_ThrowsJsonException()
    {
        Assert.Throws<JsonException>(() => CaseSnapshotJson.Deserialize("{\"caseId\":\"CASE-C1\"}"));
        Assert.Throws<JsonException>(() => CaseSnapshotJson.Deserialize("null"));
    }

    [FsCheck.Xunit.Property(MaxTest = 200)]
    public Property RoundTrip_AnyAmountsDatesAndStates_KeepsEveryValueAndScale() =>
        Prop.ForAll(Cases().ToArbitrary(), original =>
        {
            var back = CaseSnapshotJson.Deserialize(CaseSnapshotJson.Serialize(original));
            return CaseSnapshotJson.Serialize(back) == CaseSnapshotJson.Serialize(original)
                && decimal.GetBits(back.Amount).SequenceEqual(decimal.GetBits(original.Amount))
                && decimal.GetBits(back.Items[0].OpenAmount).SequenceEqual(decimal.GetBits(original.Items[0].OpenAmount))
                && back.Items[0] == original.Items[0]
                && back.NextAction == original.NextAction
                && back.State == original.State
                && back.LevelReachedOn == original.LevelReachedOn
                && back.Assignment == original.Assignment;
        });

    private static Gen<CollectionCase> Cases() =>
        from amount in ArbMap.Default.GeneratorFor<decimal>()
        from open in ArbMap.Default.GeneratorFor<decimal>()
        from day in Gen.Choose(-40_000, 40_000)
        from level in Gen.Choose(0, 99)
        from state in Gen.Elements(Enum.GetValues<CaseState>())
        from kind in Gen.Elements(Enum.GetValues<ActionKind>())
        from gaps in Gen.Elements(ReadinessGaps.None, ReadinessGaps.MissingPoNumber, ReadinessGaps.MissingPoNumber | ReadinessGaps.MissingProofOfDelivery)
        from name in ArbMap.Default.GeneratorFor<NonNull<string>>()
        from email in Gen.Elements<DateOnly?>(null, new DateOnly(2026, 11, 23))
        from assigned in Gen.Elements(true, false)
        select new CollectionCase
        {
            CaseId = "CASE-" + name.Get,
            CustomerId = name.Get,
            CustomerName = name.Get + " & <Sons>",
            Currency = "JPY",
            Level = level,
            LevelName = "Level " + name.Get,
            RiskClass = RiskClass.C,
            OldestInvoiceId = "INV-" + name.Get,
            OldestDaysPastDue = day,
            LevelReachedOn = DateOnly.FromDayNumber(700_000 + day),
            Amount = amount,
            DisputedAmount = -open,
            CompanyCurrency = "USD",
            AmountInCompanyCurrency = amount / 3m,
            Items = [new CaseItem { InvoiceId = "INV-" + name.Get, Type = DocumentType.CreditMemo, DueDate = DateOnly.FromDayNumber(700_000 - day), DaysPastDue = day, OpenAmount = open, Disputed = day % 2 == 0, Gaps = gaps }],
            Priority = new PriorityScore(amount, Importance.High, [new PriorityFactor("Overdue amount", open, "“" + name.Get + "”")]),
            State = state,
            NextAction = new NextAction { Kind = kind, ScheduledOn = DateOnly.FromDayNumber(700_000 + day), DueDate = DateOnly.FromDayNumber(700_001 + day), EmailDate = email, CreditHold = assigned, AssigneeId = assigned ? name.Get : null, Description = name.Get },
            Assignment = assigned ? new CollectorAssignment(name.Get, AssignmentReason.Territory, "territory") : null,
            PromiseGraceEnd = email,
            BrokenPromise = !assigned,
            IncompleteItemCount = gaps == ReadinessGaps.None ? 0 : 1,
        };
}
