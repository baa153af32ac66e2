using System.Globalization;
using Connector.Domain.Collections;
using Connector.Domain.Currencies;
using Connector.Domain.Ledger;
using Connector.Sync.Ports;

namespace Connector.Sync.Collections;

/// <summary>
/// Renders a dunning decision into the email that leaves the shared mailbox: the level's template in the customer's
/// language (else English), with the statement of open items, the total and the pay link. Amounts are written the way
/// the template's language writes them (<c>12,400.00</c>, <c>12 400,00</c>); dates as <c>yyyy-MM-dd</c>.
/// </summary>
/// <remarks>
/// Template variables: <c>company.name</c>; <c>customer.name</c>, <c>customer.id</c>; <c>case.id</c>, <c>case.level</c>,
/// <c>case.level_name</c>; <c>items</c>, every open item (each <c>invoice</c>, <c>due</c>, <c>amount</c>, <c>currency</c>,
/// <c>disputed</c>, <c>incomplete</c>, <c>credit_memo</c>, <c>overdue</c>, <c>days_overdue</c>, <c>interest</c>, <c>fee</c>
/// (each empty when none)); <c>total</c> (undisputed overdue), <c>currency</c>,
/// <c>disputed_total</c> (empty when none), <c>open_total</c> (every open item); <c>charges</c> (<c>any</c>, <c>rate</c>,
/// <c>interest</c>, <c>fees</c>, <c>fee_per_invoice</c>, <c>total</c>), <c>total_with_charges</c>; <c>pay_link</c>;
/// <c>collector.name</c>, <c>collector.email</c> (empty when unknown); <c>date</c>.
/// </remarks>
public static class DunningMailComposer
{
    /// <exception cref="DunningTemplateException">No template for the level (nor its English fallback), or a template uses an unknown variable.</exception>
    /// <exception cref="InvalidOperationException"><see cref="DunningMailOptions.SenderMailbox"/> is not configured.</exception>
    public static OutgoingMail Compose(
        DunningDecision decision,
        CollectionCase c,
        Customer customer,
        DunningTemplates templates,
        DunningMailOptions options,
        string? collectorName,
        string? collectorEmail,
        DunningLetter? letter = null)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(customer);
        ArgumentNullException.ThrowIfNull(templates);
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.SenderMailbox))
        {
            throw new InvalidOperationException($"{DunningMailOptions.SectionName}:{nameof(DunningMailOptions.SenderMailbox)} is not configured: dunning email cannot be sent.");
        }

        var template = templates.Find(decision.Level, customer.Language);
        var (subject, body) = template.Render(Model(decision, c, customer, template.Language, options, collectorName, collectorEmail, letter));
        return new OutgoingMail
        {
            FromMailbox = options.SenderMailbox,
            To = decision.To.Count > 0 ? decision.To : DunningMailPlanner.Addresses(customer.Email),
            Cc = options.CcFor(customer.Id),
            Subject = subject,
            HtmlBody = body,
        };
    }

    /// <summary>The values a template sees (ERP text raw here: the template encodes it).</summary>
    /// <param name="letter">Every open item and the step's charges; <c>null</c>: the case's items, no charges.</param>
    public static IReadOnlyDictionary<string, object?> Model(
        DunningDecision decision,
        CollectionCase c,
        Customer customer,
        string language,
        DunningMailOptions options,
        string? collectorName,
        string? collectorEmail,
        DunningLetter? letter = null)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(customer);
        ArgumentNullException.ThrowIfNull(options);
        letter ??= DunningLetter.FromCase(c);
        var culture = Culture(language);
        var charges = letter.Charges;
        var items = new List<object?>(letter.Items.Count);
        var openTotal = 0m;
        foreach (var item in letter.Items)
        {
            openTotal += item.OpenAmount;
            var days = decision.EmailDate.DayNumber - item.DueDate.DayNumber;
            var charge = charges.For(item.InvoiceId);
            items.Add(new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["invoice"] = item.InvoiceId,
                ["due"] = Day(item.DueDate),
                ["amount"] = Amount(item.OpenAmount, c.Currency, culture),
                ["currency"] = c.Currency,
                ["disputed"] = item.Disputed,
                ["incomplete"] = item.Incomplete,
                ["credit_memo"] = item.Type == DocumentType.CreditMemo,
                ["overdue"] = days > 0,
                ["days_overdue"] = Math.Max(0, days),
                ["interest"] = charge is null || charge.Interest == 0m ? "" : Amount(charge.Interest, c.Currency, culture),
                ["fee"] = charge is null || charge.Fee == 0m ? "" : Amount(charge.Fee, c.Currency, culture),
            });
        }

        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["company"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["name"] = options.CompanyName },
            ["customer"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["name"] = customer.Name, ["id"] = customer.Id },
            ["case"] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["id"] = c.CaseId,
                ["level"] = c.Level,
                ["level_name"] = c.LevelName,
            },
            ["items"] = items,
            ["total"] = Amount(c.Amount, c.Currency, culture),
            ["currency"] = c.Currency,
            ["disputed_total"] = c.DisputedAmount == 0m ? "" : Amount(c.DisputedAmount, c.Currency, culture),
            ["open_total"] = Amount(openTotal, c.Currency, culture),
            ["charges"] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["any"] = !charges.IsEmpty,
                ["rate"] = charges.RatePercent.ToString("0.##", culture),
                ["interest"] = Amount(charges.Interest, c.Currency, culture),
                ["fees"] = Amount(charges.Fees, c.Currency, culture),
                ["fee_per_invoice"] = Amount(charges.FeePerInvoice, c.Currency, culture),
                ["total"] = Amount(charges.Total, c.Currency, culture),
            },
            ["total_with_charges"] = Amount(c.Amount + charges.Total, c.Currency, culture),
            ["pay_link"] = options.PayLink(c.CustomerId, c.CaseId, c.Amount, c.Currency).AbsoluteUri,
            ["collector"] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["name"] = collectorName ?? "",
                ["email"] = collectorEmail ?? "",
            },
            ["date"] = Day(decision.EmailDate),
        };
    }

    internal static CultureInfo Culture(string language)
    {
        try
        {
            return CultureInfo.GetCultureInfo(language);
        }
        catch (CultureNotFoundException)
        {
            return CultureInfo.InvariantCulture;
        }
    }

    internal static string Amount(decimal amount, string currency, CultureInfo culture)
    {
        var digits = CurrencyUnits.MinorUnits(currency);
        return CurrencyUnits.Round(amount, currency).ToString("N" + digits.ToString(CultureInfo.InvariantCulture), culture);
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
