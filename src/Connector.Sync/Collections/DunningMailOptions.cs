using System.Globalization;
using Connector.Domain.Policies;

namespace Connector.Sync.Collections;

/// <summary>
/// Configuration section <c>Dunning</c>: where the email templates are, who sends, the company's name in the letters and
/// the pay link. (The quiet period between two emails is <c>Collections:QuietPeriodDays</c>.)
/// </summary>
[SettingsSection(SectionName)]
public sealed class DunningMailOptions
{
    public const string SectionName = "Dunning";

    /// <summary>Folder of <c>level-{n}.{language}.hbs</c> files.</summary>
    [SettingRequired]
    public string TemplatesDirectory { get; set; } = "templates/dunning";

    /// <summary>The shared mailbox (UPN or user id) the email is sent from; needed to send, not for a dry run.</summary>
    [SettingPattern(@"^\S+$", "must be a mailbox's UPN or user id without spaces")]
    public string? SenderMailbox { get; set; }

    /// <summary>
    /// The pay link, with placeholders <c>{customerId}</c>, <c>{caseId}</c>, <c>{amount}</c> (invariant, minor units, no
    /// grouping: <c>12400.00</c>) and <c>{currency}</c>; each value is URL-escaped.
    /// </summary>
    [SettingRequired("is required, e.g. https://pay.example.com/{customerId}?amount={amount}")]
    [PayLinkPattern]
    public string PayLinkPattern { get; set; } = "";

    /// <summary>The company the letters are signed with.</summary>
    [SettingRequired("is required: the letters are signed with it")]
    public string CompanyName { get; set; } = "";

    /// <summary>Addresses copied on every dunning email and statement of account (a shared AR mailbox, the account manager).</summary>
    public List<string> Cc { get; set; } = [];

    /// <summary>Further addresses copied for one customer, by customer id (<c>Dunning:CustomerCc:C-1001:0</c>).</summary>
    public Dictionary<string, List<string>> CustomerCc { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The copies for a customer: <see cref="Cc"/> then its own, each once, only addresses (with an '@').</summary>
    public IReadOnlyList<string> CcFor(string customerId)
    {
        ArgumentNullException.ThrowIfNull(customerId);
        var own = CustomerCc.TryGetValue(customerId, out var list) ? list : [];
        return [.. Cc.Concat(own)
            .SelectMany(static a => DunningMailPlanner.Addresses(a))
            .Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    internal static readonly string[] Placeholders = ["{customerId}", "{caseId}", "{amount}", "{currency}"];

    /// <summary>The pay link for a customer's overdue amount.</summary>
    public Uri PayLink(string customerId, string caseId, decimal amount, string currency)
    {
        ArgumentNullException.ThrowIfNull(customerId);
        ArgumentNullException.ThrowIfNull(caseId);
        ArgumentNullException.ThrowIfNull(currency);
        var rounded = Math.Round(amount, Domain.Currencies.CurrencyUnits.MinorUnits(currency), MidpointRounding.ToEven);
        var text = PayLinkPattern
            .Replace("{customerId}", Uri.EscapeDataString(customerId), StringComparison.Ordinal)
            .Replace("{caseId}", Uri.EscapeDataString(caseId), StringComparison.Ordinal)
            .Replace("{amount}", rounded.ToString("F" + Domain.Currencies.CurrencyUnits.MinorUnits(currency).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{currency}", Uri.EscapeDataString(currency), StringComparison.Ordinal);
        return new Uri(text, UriKind.Absolute);
    }
}
