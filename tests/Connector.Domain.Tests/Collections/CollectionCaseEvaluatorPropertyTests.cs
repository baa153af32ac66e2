using Connector.Domain.Collections;
using Connector.Domain.Tests.Builders;
using FsCheck;
using FsCheck.Xunit;

namespace Connector.Domain.Tests.Collections;

public sealed class CollectionCaseEvaluatorPropertyTests
{
    /// <summary>A disputed item of any age and amount never changes the level or the amount of a case.</summary>
    [Property]
    public bool Summarize_AddingADisputedItem_ChangesNeitherLevelNorAmount(PositiveInt undisputedDays, int disputedDays, PositiveInt cents)
    {
        var days = undisputedDays.Get % 400;
        var undisputed = A.Invoice("INV-1", 1_000m, days);
        var disputed = A.Invoice("INV-2", cents.Get / 100m, disputedDays % 400) with { Disputed = true };

        var without = Dunning.Summary(A.Ledger([A.Customer()], [undisputed]));
        var with = Dunning.Summary(A.Ledger([A.Customer()], [undisputed, disputed]));

        return without.Level == with.Level && without.Amount == with.Amount && without.Outcome == with.Outcome;
    }

    /// <summary>An older oldest invoice never lowers the level.</summary>
    [Property]
    public bool Summarize_OlderInvoice_NeverLowersTheLevel(NonNegativeInt days)
    {
        var younger = days.Get % 400;
        var level = Dunning.Summary(A.Ledger([A.Customer()], [A.Invoice("INV-1", 100m, younger)])).Level;
        var older = Dunning.Summary(A.Ledger([A.Customer()], [A.Invoice("INV-1", 100m, younger + 1)])).Level;

        return older >= level;
    }
}
