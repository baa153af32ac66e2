using Connector.Domain.Collections;
using Connector.Domain.Currencies;
using Connector.Domain.Ledger;

namespace Connector.Sync.Collections;

/// <summary>
/// What a dunning letter states beyond its case: every open item of the customer (credit notes and items not yet due
/// included) and the interest and fee its ladder step proposes, counted to the letter's date.
/// </summary>
public sealed record DunningLetter
{
    /// <summary>Every open item, oldest due date first, in the case's currency.</summary>
    public required IReadOnlyList<CaseItem> Items { get; init; }

    public required LateCharges Charges { get; init; }

    /// <summary>
    /// The letter of <paramref name="c"/> dated <paramref name="letterDate"/>: the account's open items (the case's own
    /// items when the account is not at hand) and the charges of the case's step.
    /// </summary>
    public static DunningLetter For(CollectionCase c, CustomerAccount? account, RatesAsOf? rates, CollectionsPolicy policy, DateOnly letterDate)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(policy);
        var items = account is not null && rates is not null ? LetterItems.All(account, rates) : c.Items;
        return new DunningLetter
        {
            Items = items,
            Charges = LateCharges.Compute(LateCharges.StepOf(policy, c.RiskClass, c.Level), items, c.Currency, letterDate),
        };
    }

    /// <summary>The letter as the case alone tells it: its items, no charges.</summary>
    public static DunningLetter FromCase(CollectionCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new DunningLetter { Items = c.Items, Charges = LateCharges.None };
    }
}
