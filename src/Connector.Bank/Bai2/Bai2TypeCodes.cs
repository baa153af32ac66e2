namespace Connector.Bank.Bai2;

/// <summary>
/// What a BAI2 type code says about a detail (16) record: 100–399 are credits, 400–699 debits (the BAI2 specification's
/// ranges; 700–999 are loans and each bank's own codes, neither money in nor out for a receivables team). Some debits undo an
/// earlier credit: a credit reversal (552), a deposited item returned (555), an ACH return (557), an ACH reversal (558), a
/// return item (566).
/// </summary>
internal static class Bai2TypeCodes
{
    private static readonly HashSet<int> ReversalsOfCredits = [552, 555, 557, 558, 566];

    public static bool IsCredit(int code) => code is >= 100 and <= 399;

    public static bool IsDebit(int code) => code is >= 400 and <= 699;

    public static bool ReversesACredit(int code) => ReversalsOfCredits.Contains(code);
}
