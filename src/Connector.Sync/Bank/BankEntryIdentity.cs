using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Connector.Sync.Ports;

namespace Connector.Sync.Bank;

/// <summary>
/// What makes two reports of a bank entry the same entry (decision 86): the bank's own reference (<c>AcctSvcrRef</c>, BAI2
/// bank reference) on the account; without it the payer's <c>EndToEndId</c> with amount, currency, date and account; without
/// either, the entry's place in its file (a file is read once by its content hash, so it is never counted twice, but a
/// camt.054 and a camt.053 without references cannot be told to be the same).
/// </summary>
public static class BankEntryIdentity
{
    public static string Of(BankStatementEntry entry, string sourceKey)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!string.IsNullOrWhiteSpace(entry.BankReference))
        {
            return $"ref|{entry.Account}|{entry.BankReference.Trim()}";
        }

        if (!string.IsNullOrWhiteSpace(entry.EndToEndId))
        {
            return string.Create(
                CultureInfo.InvariantCulture,
                $"e2e|{entry.Account}|{entry.EndToEndId.Trim()}|{entry.Amount:0.00########}|{entry.Currency}|{entry.Date:yyyy-MM-dd}|{(entry.IsCredit ? 'C' : 'D')}");
        }

        return $"file|{sourceKey}|{entry.Locator}";
    }

    /// <summary><c>BNK-</c> and the identity's first 12 SHA-256 hex digits: short, stable, the same on every instance.</summary>
    public static string PaymentIdOf(string identity) =>
        "BNK-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(identity)), 0, 6);
}
