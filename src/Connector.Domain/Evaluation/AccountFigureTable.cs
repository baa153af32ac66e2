using Connector.Domain.Aging;
using Connector.Domain.Currencies;
using Connector.Domain.Ledger;

namespace Connector.Domain.Evaluation;

/// <summary>
/// The <see cref="AccountFigures"/> of every account of a ledger, in the ledger's order, with the
/// aging buckets of all of them in one flat array: two large arrays instead of 100,000 small objects,
/// so a full evaluation gives the garbage collector almost nothing to copy. Read-only once built; when
/// its arrays are <see cref="EvaluationBuffers"/>' and a later evaluation took them, reading it throws.
/// </summary>
internal sealed class AccountFigureTable
{
    private readonly AccountFigures[] figures;
    private readonly decimal[] buckets;

    private AccountFigureTable(IReadOnlyList<CustomerAccount> accounts, AgingBuckets layout, AgingBasis basis, AccountFigures[] figures, decimal[] buckets, EvaluationLease lease)
    {
        Accounts = accounts;
        Layout = layout;
        Basis = basis;
        Count = accounts.Count;
        Lease = lease;
        this.figures = figures;
        this.buckets = buckets;
    }

    public IReadOnlyList<CustomerAccount> Accounts { get; }

    public AgingBuckets Layout { get; }

    public AgingBasis Basis { get; }

    public int Count { get; }

    /// <summary>The arrays this evaluation writes into, and whether they are still its own.</summary>
    public EvaluationLease Lease { get; }

    public ref readonly AccountFigures this[int index] => ref figures[(uint)index < (uint)Count ? index : throw new ArgumentOutOfRangeException(nameof(index))];

    /// <summary>The open amounts per aging bucket of the account at <paramref name="index"/>.</summary>
    public ReadOnlySpan<decimal> BucketsOf(int index) => buckets.AsSpan(index * Layout.Count, Layout.Count);

    /// <summary>The figures of <paramref name="account"/> when it is one of this table's accounts.</summary>
    public bool TryFind(CustomerAccount account, out int index)
    {
        index = account.Index;
        return (uint)index < (uint)Count && ReferenceEquals(Accounts[index], account);
    }

    /// <summary>The figures of every account, in arrays of their own.</summary>
    public static AccountFigureTable Compute(
        ArLedger ledger,
        RatesAsOf rates,
        AgingBuckets layout,
        AgingBasis basis,
        int overdueAgeDays,
        decimal overdueAgeMateriality) =>
        Compute(ledger, rates, layout, basis, overdueAgeDays, overdueAgeMateriality, new EvaluationArrays(reusable: false).Take());

    /// <summary>The figures of every account, written into the arrays of <paramref name="lease"/>.</summary>
    public static AccountFigureTable Compute(
        ArLedger ledger,
        RatesAsOf rates,
        AgingBuckets layout,
        AgingBasis basis,
        int overdueAgeDays,
        decimal overdueAgeMateriality,
        EvaluationLease lease)
    {
        var accounts = ledger.Accounts;
        var width = layout.Count;
        var (figures, buckets) = lease.Arrays.FigureArrays(accounts.Count, width);
        for (var i = 0; i < accounts.Count; i++)
        {
            figures[i] = AccountFigures.Compute(
                accounts[i], rates, layout, basis, overdueAgeDays, overdueAgeMateriality, buckets.AsSpan(i * width, width));
        }

        return new AccountFigureTable(accounts, layout, basis, figures, buckets, lease);
    }
}
