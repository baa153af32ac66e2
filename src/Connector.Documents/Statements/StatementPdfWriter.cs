using System.Globalization;
using Connector.Documents.Pdf;
using Connector.Sync.Ports;
using Connector.Sync.Statements;

namespace Connector.Documents.Statements;

/// <summary>
/// A <see cref="StatementOfAccount"/> as a PDF: who and when, the summary (opening balance, invoices, credit notes,
/// payments, closing balance), the period's lines with the running balance, the open items with the amount due, their
/// aging and the pay link. <see cref="WriteTo"/> adds the same pages to a larger document (the evidence pack).
/// </summary>
public sealed class StatementPdfWriter : IStatementPdfWriter
{
    public byte[] Write(StatementOfAccount statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        using var document = new PdfTextDocument(
            $"Statement of account {statement.CustomerId} {statement.Period.Label}",
            $"{statement.CompanyName} · statement {StatementOfAccountBuilder.ReferenceFor(statement.CustomerId, statement.Period)}");
        WriteTo(document, statement);
        return document.ToArray();
    }

    /// <summary>Writes the statement into <paramref name="document"/> from where it stands.</summary>
    public static void WriteTo(PdfTextDocument document, StatementOfAccount statement)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(statement);
        var s = statement;
        string Money(decimal amount) => StatementOfAccountBuilder.Amount(amount, s.Currency);

        document.Title("Statement of account");
        document.Fields(
        [
            ("From", s.CompanyName),
            ("Customer", $"{s.CustomerName} ({s.CustomerId})"),
            ("Period", $"{s.Period.Label} ({Day(s.Period.Start)} to {Day(s.Period.End)})"),
            ("Currency", s.Currency),
            ("Issued", Day(s.IssuedOn)),
            ("Reference", StatementOfAccountBuilder.ReferenceFor(s.CustomerId, s.Period)),
        ]);

        document.Heading("Summary");
        document.Table(
            [new PdfColumn("", 3), new PdfColumn(s.Currency, 1, AlignRight: true)],
            [
                new PdfRow([$"Opening balance {Day(s.Period.Start)}", Money(s.OpeningBalance)]),
                new PdfRow(["Invoices", Money(s.TotalInvoiced)]),
                new PdfRow(["Credit notes", Money(-s.TotalCredited)]),
                new PdfRow(["Payments received", Money(-s.TotalPaid)]),
                new PdfRow([$"Closing balance {Day(s.Period.End)}", Money(s.ClosingBalance)], Bold: true),
            ]);

        document.Heading($"Account activity, {s.Period.Label}");
        var activity = new List<PdfRow>(s.Lines.Count + 2)
        {
            new([Day(s.Period.Start), "", "Brought forward", "", "", Money(s.OpeningBalance)]),
        };
        activity.AddRange(s.Lines.Select(l => new PdfRow(
            [Day(l.Date), Kind(l.Kind), l.Reference, l.DueDate is { } due ? Day(due) : "", Money(l.Amount), Money(l.Balance)])));
        activity.Add(new PdfRow([Day(s.Period.End), "", "Carried forward", "", "", Money(s.ClosingBalance)], Bold: true));
        document.Table(
            [
                new PdfColumn("Date", 1.1),
                new PdfColumn("Type", 1.2),
                new PdfColumn("Reference", 1.8),
                new PdfColumn("Due", 1.1),
                new PdfColumn("Amount", 1.2, AlignRight: true),
                new PdfColumn("Balance", 1.2, AlignRight: true),
            ],
            activity);

        document.Heading($"Open items as of {Day(s.IssuedOn)}");
        if (s.OpenItems.Count == 0)
        {
            document.Paragraph("No open items.");
        }
        else
        {
            var open = s.OpenItems.Select(i => new PdfRow(
            [
                i.Reference,
                i.Kind == StatementLineKind.Payment ? "Unapplied" : Kind(i.Kind),
                Day(i.DocumentDate),
                i.Kind == StatementLineKind.Payment ? "" : Day(i.DueDate),
                i.DaysPastDue > 0 ? i.DaysPastDue.ToString(CultureInfo.InvariantCulture) : "",
                Money(i.OpenAmount),
                i.Disputed ? "disputed" : "",
            ])).ToList();
            open.Add(new PdfRow(["Amount due", "", "", "", "", Money(s.AmountDue), ""], Bold: true));
            document.Table(
                [
                    new PdfColumn("Reference", 1.5),
                    new PdfColumn("Type", 1.4),
                    new PdfColumn("Date", 1.1),
                    new PdfColumn("Due", 1.1),
                    new PdfColumn("Days late", 0.9, AlignRight: true),
                    new PdfColumn("Open", 1.2, AlignRight: true),
                    new PdfColumn("", 0.8),
                ],
                open);
        }

        document.Heading($"Aging as of {Day(s.IssuedOn)} (days past due)");
        document.Table(
            [.. s.Aging.Select(static b => new PdfColumn(b.Label, 1, AlignRight: true)), new PdfColumn("Total", 1.2, AlignRight: true)],
            [new PdfRow([.. s.Aging.Select(b => Money(b.Amount)), Money(s.AmountDue)], Bold: true)]);

        document.Heading("Payment");
        if (s.AmountDue <= 0m)
        {
            document.Paragraph($"Nothing is due as of {Day(s.IssuedOn)}. Thank you.");
        }
        else
        {
            document.Paragraph($"Amount due: {Money(s.AmountDue)} {s.Currency}", strong: true);
            if (s.PayLink is { } link)
            {
                document.Paragraph("Pay online:");
                document.Link(link.AbsoluteUri, link);
            }
        }

        document.Paragraph($"Please tell {s.CompanyName} of any difference between this statement and your records. Quote the reference above.");
        if (s.LeftOut.Count > 0)
        {
            document.Paragraph($"Not in this statement (another currency than {s.Currency}): {string.Join(", ", s.LeftOut)}.");
        }
    }

    private static string Kind(StatementLineKind kind) => kind switch
    {
        StatementLineKind.Invoice => "Invoice",
        StatementLineKind.CreditNote => "Credit note",
        _ => "Payment",
    };

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
