using Connector.Domain.Aging;
using Connector.Domain.Currencies;
using Connector.Domain.Evaluation;
using Connector.Domain.Exposure;
using Connector.Domain.Ledger;

namespace Connector.Domain.Credit;

/// <summary>
/// Runs exposure and the hold rules for every customer of a ledger and packs the results into
/// snapshots the order check reads.
/// </summary>
public static class CreditEvaluator
{
    /// <param name="previous">The hold states kept from the last evaluation, by customer id; <c>null</c> on the first run.</param>
    public static CreditEvaluation Evaluate(
        ArLedger ledger,
        RatesAsOf rates,
        CreditPolicy policy,
        ManualActions? actions = null,
        IReadOnlyDictionary<string, HoldStatus>? previous = null)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(rates);
        ArgumentNullException.ThrowIfNull(policy);
        var figures = AccountFigureTable.Compute(ledger, rates, AgingBuckets.Default, AgingBasis.DueDate, policy.OverdueAgeDays, policy.OverdueAgeMateriality);
        return Evaluate(ledger, figures, rates, policy, actions, previous);
    }

    /// <summary>The evaluation from figures already gathered (the full evaluation walks each account once for aging, exposure and holds).</summary>
    internal static CreditEvaluation Evaluate(
        ArLedger ledger,
        AccountFigureTable figures,
        RatesAsOf rates,
        CreditPolicy policy,
        ManualActions? actions,
        IReadOnlyDictionary<string, HoldStatus>? previous)
    {
        actions ??= ManualActions.None;
        var exposures = new ExposureBook(rates, policy.SubtractUnappliedCash, figures);
        var table = RateTableFor(ledger, rates);
        var collectors = CollectorContact.Index(ledger.Collectors);
        var holds = figures.Lease.Arrays.HoldRows(ledger.Accounts.Count);
        for (var i = 0; i < ledger.Accounts.Count; i++)
        {
            var account = ledger.Accounts[i];
            var before = previous is not null && previous.TryGetValue(account.Id, out var status) ? status : null;
            holds[i] = HoldEvaluator.Decide(account, exposures, policy, actions, before, figures[i].Hold);
            if (account.Parent is not null)
            {
                // Every group a snapshot can show is summed now, so reading snapshots never changes the book.
                exposures.GroupsAbove(account);
            }
        }

        var snapshots = new CreditSnapshotTable(ledger, figures, exposures, holds, table, collectors, policy, actions);
        return new CreditEvaluation(rates.AsOf, snapshots, actions.Ignored);
    }

    /// <summary>One customer's snapshot; the exposure book computes the group members it needs on the way.</summary>
    public static CustomerCreditSnapshot Snapshot(
        CustomerAccount account,
        ExposureBook exposures,
        CreditPolicy policy,
        RateTable rates,
        IReadOnlyDictionary<string, CollectorContact> collectors,
        ManualActions? actions = null,
        HoldStatus? previous = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(exposures);
        return Snapshot(account, exposures, policy, rates, collectors, actions, previous, HoldEvaluator.Overdue(account, exposures.Rates, policy));
    }

    private static CustomerCreditSnapshot Snapshot(
        CustomerAccount account,
        ExposureBook exposures,
        CreditPolicy policy,
        RateTable rates,
        IReadOnlyDictionary<string, CollectorContact> collectors,
        ManualActions? actions,
        HoldStatus? previous,
        in OverdueFigures overdue)
    {
        return new CustomerCreditSnapshot
        {
            CustomerId = account.Id,
            CustomerName = account.Customer.Name,
            Currency = account.Customer.Currency,
            AsOf = exposures.Rates.AsOf,
            Exposure = exposures.Of(account),
            CreditLimit = account.Customer.CreditLimit,
            Groups = exposures.GroupsAbove(account),
            Hold = HoldEvaluator.Evaluate(account, exposures, policy, actions, previous, overdue),
            Collector = CollectorContact.Resolve(account.Customer, collectors),
            Rates = rates,
        };
    }

    /// <summary>The rates of every currency the ledger has rates for, frozen for the evaluation date.</summary>
    public static RateTable RateTableFor(ArLedger ledger, RatesAsOf rates)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        var currencies = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var rate in ledger.Rates)
        {
            currencies.Add(rate.Currency);
        }

        return new RateTable(rates, currencies);
    }
}
