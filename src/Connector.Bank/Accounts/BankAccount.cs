using System.Globalization;

namespace Connector.Bank.Accounts;

/// <summary>An account as statements name it: an IBAN (two letters, two check digits, up to 30 letters and digits) or a bank's own account number.</summary>
public static class BankAccount
{
    /// <summary>Upper case without spaces (<c>nl26 vayb 8060 4768 90</c> → <c>NL26VAYB8060476890</c>), as statements are compared.</summary>
    public static string Normalize(string? account) =>
        string.Concat((account ?? "").Where(static c => !char.IsWhiteSpace(c))).ToUpperInvariant();

    /// <summary>What is wrong with a configured account; <c>null</c> when it is an IBAN whose check digits add up, or a plain account number.</summary>
    public static string? Problem(string? account)
    {
        var value = Normalize(account);
        if (value.Length == 0)
        {
            return "must be an IBAN or an account number";
        }

        if (value.Length > 34 || !value.All(char.IsAsciiLetterOrDigit))
        {
            return "must be an IBAN or an account number: letters and digits only, at most 34";
        }

        if (value.Length >= 15 && char.IsAsciiLetter(value[0]) && char.IsAsciiLetter(value[1]) && char.IsAsciiDigit(value[2]) && char.IsAsciiDigit(value[3]))
        {
            return IbanChecks(value) ? null : "is not a valid IBAN: its check digits do not add up (a typo?)";
        }

        return value.All(char.IsAsciiDigit) || value.Any(char.IsAsciiDigit) ? null : "must be an IBAN or an account number";
    }

    /// <summary>ISO 13616: the country and check digits moved to the end, letters as 10–35, the number mod 97 is 1.</summary>
    private static bool IbanChecks(string iban)
    {
        var rearranged = iban[4..] + iban[..4];
        var remainder = 0;
        foreach (var c in rearranged)
        {
            var digits = char.IsAsciiDigit(c) ? (c - '0').ToString(CultureInfo.InvariantCulture) : (c - 'A' + 10).ToString(CultureInfo.InvariantCulture);
            foreach (var d in digits)
            {
                remainder = ((remainder * 10) + (d - '0')) % 97;
            }
        }

        return remainder == 1;
    }
}
