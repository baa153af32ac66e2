using System.Collections;
using Connector.Domain.Evaluation;
using Connector.Domain.Exposure;
using Connector.Domain.Ledger;

namespace Connector.Domain.Credit;

/// <summary>
/// The credit snapshots of a whole ledger kept as values: the account figures, the exposure rows and
/// the hold decisions sit in a few large arrays, and a <see cref="CustomerCreditSnapshot"/> is built
/// the first time someone reads it (then kept). A full evaluation of 100,000 customers thus leaves
/// the garbage collector a few large arrays instead of ~400,000 small records to copy, while the
/// order check still reads a ready snapshot. Safe on many threads once built: reads only fill the
/// cache, and a racing thread builds an equal snapshot.
/// </summary>
internal sealed class CreditSnapshotTable : ICreditRows
{
    private readonly ArLedger ledger;
    private readonly AccountFigureTable figures;
    private readonly ExposureBook exposures;
    private readonly HoldRow[] holds;
    private readonly RateTable rates;
    private readonly IReadOnlyDictionary<string, CollectorContact> collectors;
    private readonly CreditPolicy policy;
    private readonly ManualActions actions;
    private CustomerCreditSnapshot?[]? built;

    /// <param name="exposures">Must already hold the groups of every account with a parent: reads must not change it.</param>
    public CreditSnapshotTable(
        ArLedger ledger,
        AccountFigureTable figures,
        ExposureBook exposures,
        HoldRow[] holds,
        RateTable rates,
        IReadOnlyDictionary<string, CollectorContact> collectors,
        CreditPolicy policy,
        ManualActions actions)
    {
        this.policy = policy;
        this.actions = actions;
        this.ledger = ledger;
        this.figures = figures;
        this.exposures = exposures;
        this.holds = holds;
        this.rates = rates;
        this.collectors = collectors;
    }

    public int Count => figures.Count;

    public CustomerCreditSnapshot this[int index]
    {
        get
        {
            var cache = Volatile.Read(ref built) ?? Cache();
            return cache[index] ??= Build(index);
        }
    }

    public bool IsOnHold(int index) => Current(holds[Checked(index)].OnHold);

    public bool MayTransition(int index) => Current(holds[Checked(index)].MayTransition);

    public string CustomerId(int index) => figures.Accounts[index].Id;

    /// <summary>The state to keep for the next evaluation, without building the snapshot.</summary>
    public HoldStatus Status(int index)
    {
        ref readonly var hold = ref holds[Checked(index)];
        return Current(new HoldStatus(figures.Accounts[index].Id, hold.OnHold, hold.Codes, hold.Since));
    }

    /// <summary>The position of the customer, or −1.</summary>
    public int IndexOf(string customerId) =>
        ledger.Find(customerId) is { } account && figures.TryFind(account, out var index) ? index : -1;

    public IEnumerator<CustomerCreditSnapshot> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private CustomerCreditSnapshot?[] Cache() =>
        Interlocked.CompareExchange(ref built, new CustomerCreditSnapshot?[Count], null) ?? built!;

    /// <summary><paramref name="value"/>, read from this table's arrays, once they are known to be still this evaluation's.</summary>
    private T Current<T>(T value)
    {
        figures.Lease.EnsureCurrent();
        return value;
    }

    /// <summary>The index, when it is one of this table's (its arrays may be longer).</summary>
    private int Checked(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return index;
    }

    private CustomerCreditSnapshot Build(int index)
    {
        _ = Checked(index);
        var account = figures.Accounts[index];
        var customer = account.Customer;
        var asOf = exposures.Rates.AsOf;
        var snapshot = new CustomerCreditSnapshot
        {
            CustomerId = account.Id,
            CustomerName = customer.Name,
            Currency = customer.Currency,
            AsOf = asOf,
            Exposure = exposures.Of(account),
            CreditLimit = customer.CreditLimit,
            Groups = exposures.GroupsAbove(account),
            Hold = HoldEvaluator.Materialise(account, exposures, policy, actions, holds[index], figures[index].Hold),
            Collector = CollectorContact.Resolve(customer, collectors),
            Rates = rates,
        };
        return Current(snapshot);
    }
}
