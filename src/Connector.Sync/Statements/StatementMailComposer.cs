using System.Net;
using Connector.Sync.Ports;

namespace Connector.Sync.Statements;

/// <summary>The email a statement goes out in: a short HTML note with the balance and the pay link, the PDF attached.</summary>
public static class StatementMailComposer
{
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

    public static OutgoingMail Compose(StatementOfAccount statement, byte[] pdf, string fromMailbox, IReadOnlyList<string> to, IReadOnlyList<string> cc)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(pdf);
        ArgumentException.ThrowIfNullOrWhiteSpace(fromMailbox);
        return new OutgoingMail
        {
            FromMailbox = fromMailbox,
            To = to,
            Cc = cc,
            Subject = Subject(statement),
            HtmlBody = Body(statement),
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
}
