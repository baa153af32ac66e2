using Connector.Domain.Aging;
using Connector.Domain.Currencies;
using Connector.Domain.Ledger;

namespace Connector.Domain.Evaluation;

/// <summary>
/// The <see cref="AccountFigures"/> of every account of a ledger, in the ledger's order, with the
/// aging buckets of all of them in one flat array: two large arrays instead of 100,000 small objects,
/// so a full evaluation gives the garbage collector almost nothing to copy. Read-only once built.
/// </summary>
internal sealed class AccountFigureTable
{
    private readonly AccountFigures[] figures;
    private readonly decimal[] buckets;

    private AccountFigureTable(IReadOnlyList<CustomerAccount> accounts, AgingBuckets layout, AgingBasis basis, AccountFigures[] figures, decimal[] buckets)
    {
        Accounts = accounts;
        Layout = layout;
        Basis = basis;
        this.figures = figures;
        this.buckets = buckets;
    }

    public IReadOnlyList<CustomerAccount> Accounts { get; }

    public AgingBuckets Layout { get; }

    public AgingBasis Basis { get; }

    public int Count => figures.Length;

    public ref readonly AccountFigures this[int index] => ref figures[index];

    /// <summary>The open amounts per aging bucket of the account at <paramref name="index"/>.</summary>
    public ReadOnlySpan<decimal> BucketsOf(int index) => buckets.AsSpan(index * Layout.Count, Layout.Count);

    /// <summary>The figures of <paramref name="account"/> when it is one of this table's accounts.</summary>
    public bool TryFind(CustomerAccount account, out int index)
    {
        index = account.Index;
        return (uint)index < (uint)figures.Length && ReferenceEquals(Accounts[index], account);
    }

    public static AccountFigureTable Compute(
        ArLedger ledger,
        RatesAsOf rates,
        AgingBuckets layout,
        AgingBasis basis,
        int overdueAgeDays,
        decimal overdueAgeMateriality)
    {
        var accounts = ledger.Accounts;
        var figures = new AccountFigures[accounts.Count];
        var buckets = new decimal[accounts.Count * layout.Count];
        for (var i = 0; i < figures.Length; i++)
        {
            figures[i] = AccountFigures.Compute(
                accounts[i], rates, layout, basis, overdueAgeDays, overdueAgeMateriality, buckets.AsSpan(i * layout.Count, layout.Count));
        }

        return new AccountFigureTable(accounts, layout, basis, figures, buckets);
    }
}
