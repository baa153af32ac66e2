using System.Globalization;
using System.Net;
using Connector.Sync.Collections;
using Connector.Sync.Ports;

namespace Connector.Sync.Statements;

/// <summary>
/// The email a statement goes out in: a short HTML note with the balance and the pay link, the PDF attached — written from
/// <c>statement.{language}.hbs</c> in the templates folder in the customer's language (English when it has none), or, without
/// such a file, from the built-in English text.
/// </summary>
public static class StatementMailComposer
{
    /// <summary>Subject and body for the customer's language (<see cref="StatementOfAccount.Language"/>).</summary>
    /// <exception cref="DunningTemplateException">The template uses a name the statement email does not have.</exception>
    public static (string Subject, string HtmlBody) Render(StatementOfAccount statement, DunningTemplates? templates)
    {
        ArgumentNullException.ThrowIfNull(statement);
        return templates?.FindStatement(statement.Language) is { } template
            ? template.Render(Model(statement, template.Language))
            : (Subject(statement), Body(statement));
    }

    /// <summary>
    /// What a <c>statement.{language}.hbs</c> sees (text raw here: the template encodes it): <c>company.name</c>,
    /// <c>customer.name</c>, <c>customer.id</c>, <c>period.label</c> (the month in the template's language), <c>period.start</c>,
    /// <c>period.end</c>, <c>balance</c> (closing), <c>opening_balance</c>, <c>amount_due</c> (empty when nothing is due),
    /// <c>currency</c>, <c>pay_link</c> (empty when none), <c>date</c> (the issue day). Amounts in the template's language.
    /// </summary>
    public static IReadOnlyDictionary<string, object?> Model(StatementOfAccount statement, string language)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var s = statement;
        var culture = DunningMailComposer.Culture(language);
        var period = s.Period;
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["company"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["name"] = s.CompanyName },
            ["customer"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["name"] = s.CustomerName, ["id"] = s.CustomerId },
            ["period"] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["label"] = period.IsCalendarMonth ? period.Start.ToString("MMMM yyyy", culture) : period.Label,
                ["start"] = Day(period.Start),
                ["end"] = Day(period.End),
            },
            ["balance"] = DunningMailComposer.Amount(s.ClosingBalance, s.Currency, culture),
            ["opening_balance"] = DunningMailComposer.Amount(s.OpeningBalance, s.Currency, culture),
            ["amount_due"] = s.AmountDue > 0m ? DunningMailComposer.Amount(s.AmountDue, s.Currency, culture) : "",
            ["currency"] = s.Currency,
            ["pay_link"] = s.AmountDue > 0m && s.PayLink is { } link ? link.AbsoluteUri : "",
            ["date"] = Day(s.IssuedOn),
        };
    }

    public static string Subject(StatementOfAccount statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        return $"Statement of account {statement.Period.Label} – {statement.CompanyName}";
    }

    /// <summary>The attachment's file name: <c>statement-C-1001-2026-10.pdf</c>.</summary>
    public static string FileName(StatementOfAccount statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        return $"statement-{statement.CustomerId}-{statement.Period.Key}.pdf";
    }

    /// <summary>The email as rendered by <see cref="Render"/>, with the statement's PDF attached.</summary>
    public static OutgoingMail Compose(
        StatementOfAccount statement, byte[] pdf, string fromMailbox, IReadOnlyList<string> to, IReadOnlyList<string> cc, string subject, string body)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(pdf);
        ArgumentException.ThrowIfNullOrWhiteSpace(fromMailbox);
        return new OutgoingMail
        {
            FromMailbox = fromMailbox,
            To = to,
            Cc = cc,
            Subject = subject,
            HtmlBody = body,
            Attachments = [new MailAttachment(FileName(statement), "application/pdf", pdf)],
        };
    }

    /// <summary>The note: every value from the ERP is HTML-encoded.</summary>
    public static string Body(StatementOfAccount statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var s = statement;
        string E(string text) => WebUtility.HtmlEncode(text);
        string Money(decimal amount) => E($"{StatementOfAccountBuilder.Amount(amount, s.Currency)} {s.Currency}");
        var due = s.AmountDue > 0m
            ? $"<p>Amount due as of {s.IssuedOn:yyyy-MM-dd}: <strong>{Money(s.AmountDue)}</strong>.</p>"
              + (s.PayLink is { } link ? $"<p><a href=\"{E(link.AbsoluteUri)}\">Pay online</a></p>" : "")
            : $"<p>Nothing is due as of {s.IssuedOn:yyyy-MM-dd}. Thank you.</p>";
        return $"<p>Dear {E(s.CustomerName)},</p>"
            + $"<p>Please find attached your statement of account for {E(s.Period.Label)} (customer {E(s.CustomerId)}). "
            + $"Balance on {s.Period.End:yyyy-MM-dd}: {Money(s.ClosingBalance)}.</p>"
            + due
            + "<p>If your records differ, please reply to this email quoting the statement's reference.</p>"
            + $"<p>{E(s.CompanyName)}</p>";
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
