using System.Globalization;

namespace Connector.Sync.Collections;

/// <summary>
/// Configuration section <c>Dunning</c>: where the email templates are, who sends, the company's name in the letters and
/// the pay link. (The quiet period between two emails is <c>Collections:QuietPeriodDays</c>.)
/// </summary>
public sealed class DunningMailOptions
{
    public const string SectionName = "Dunning";

    /// <summary>Folder of <c>level-{n}.{language}.hbs</c> files.</summary>
    public string TemplatesDirectory { get; set; } = "templates/dunning";

    /// <summary>The shared mailbox (UPN or user id) the email is sent from; needed to send, not for a dry run.</summary>
    public string? SenderMailbox { get; set; }

    /// <summary>
    /// The pay link, with placeholders <c>{customerId}</c>, <c>{caseId}</c>, <c>{amount}</c> (invariant, minor units, no
    /// grouping: <c>12400.00</c>) and <c>{currency}</c>; each value is URL-escaped.
    /// </summary>
    public string PayLinkPattern { get; set; } = "";

    /// <summary>The company the letters are signed with.</summary>
    public string CompanyName { get; set; } = "";

    internal static readonly string[] Placeholders = ["{customerId}", "{caseId}", "{amount}", "{currency}"];

    /// <summary>Every problem, one line each, naming the key (<c>Dunning:PayLinkPattern</c>).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(TemplatesDirectory))
        {
            errors.Add($"{SectionName}:{nameof(TemplatesDirectory)} is required (was empty).");
        }

        if (SenderMailbox is not null && (SenderMailbox.Length == 0 || SenderMailbox.Any(char.IsWhiteSpace)))
        {
            errors.Add($"{SectionName}:{nameof(SenderMailbox)} must be a mailbox's UPN or user id without spaces (was '{SenderMailbox}').");
        }

        if (string.IsNullOrWhiteSpace(CompanyName))
        {
            errors.Add($"{SectionName}:{nameof(CompanyName)} is required: the letters are signed with it (was empty).");
        }

        if (string.IsNullOrWhiteSpace(PayLinkPattern))
        {
            errors.Add($"{SectionName}:{nameof(PayLinkPattern)} is required, e.g. https://pay.example.com/{{customerId}}?amount={{amount}} (was empty).");
        }
        else
        {
            var sample = PayLinkPattern;
            foreach (var placeholder in Placeholders)
            {
                sample = sample.Replace(placeholder, "x", StringComparison.Ordinal);
            }

            if (sample.Contains('{', StringComparison.Ordinal) || sample.Contains('}', StringComparison.Ordinal))
            {
                errors.Add($"{SectionName}:{nameof(PayLinkPattern)} may only use the placeholders {string.Join(", ", Placeholders)} (was '{PayLinkPattern}').");
            }
            else if (!Uri.TryCreate(sample, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                errors.Add($"{SectionName}:{nameof(PayLinkPattern)} must be an absolute http(s) URL (was '{PayLinkPattern}').");
            }
        }

        return errors;
    }

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
