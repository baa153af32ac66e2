using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Connector.Documents.Pdf;
using Connector.Documents.Statements;
using Connector.Sync.Evidence;
using Connector.Sync.Statements;

namespace Connector.Documents.Evidence;

/// <summary>
/// An <see cref="EvidencePack"/> as one PDF: a cover with the audit chain head the pack was built from (on every page's
/// footer too), the statement of account (the statement writer's own pages), then one section per kind of evidence, each
/// item with its source. Emails are printed whole (their HTML as text) so the pack stands on its own.
/// </summary>
public static partial class EvidencePackPdfWriter
{
    /// <summary>The section headings, in order (the zip's files follow the same order).</summary>
    public static readonly IReadOnlyList<string> Sections =
    [
        "Statement of account",
        "Invoices",
        "Credit notes",
        "Payments and how they were applied",
        "Dunning emails sent",
        "Contact attempts",
        "Promises to pay",
        "Disputes",
        "Holds and releases",
        "Other audit journal events",
    ];

    public static byte[] Write(EvidencePack pack)
    {
        ArgumentNullException.ThrowIfNull(pack);
        using var document = new PdfTextDocument(
            $"Evidence pack {pack.CustomerId} {Day(pack.AsOf)}",
            $"Evidence pack {pack.CustomerId} as of {Day(pack.AsOf)} · audit chain head {ChainHead(pack)}");
        Cover(document, pack);
        document.NewPage();
        StatementPdfWriter.WriteTo(document, pack.Statement);

        document.NewPage();
        document.Title(Sections[1]);
        Documents(document, pack.Invoices, pack.Currency, "No invoices.");
        document.Heading(Sections[2]);
        Documents(document, pack.CreditNotes, pack.Currency, "No credit notes.");

        document.Heading(Sections[3]);
        Payments(document, pack);

        document.Heading(Sections[4]);
        Emails(document, pack);

        document.Heading(Sections[5]);
        if (pack.Contacts.Count == 0)
        {
            document.Paragraph("No contact attempts recorded.");
        }
        else
        {
            foreach (var c in pack.Contacts)
            {
                document.Paragraph($"{Day(c.On)} · {c.Kind} · level {Num(c.Level)} · by {c.By}" + (string.IsNullOrWhiteSpace(c.Detail) ? "" : $": {c.Detail}"));
                document.Paragraph("Source: " + c.Source);
            }
        }

        document.Heading(Sections[6]);
        if (pack.Promises.Count == 0)
        {
            document.Paragraph("No promises to pay recorded.");
        }
        else
        {
            SourcedItems(
                document,
                pack.Promises,
                static p => p.Source,
                [
                    new PdfColumn("Promised", 1.1), new PdfColumn("Due", 1.1), new PdfColumn("Amount", 1.2, AlignRight: true), new PdfColumn("State", 0.9),
                    new PdfColumn("Received", 1.2, AlignRight: true), new PdfColumn("Grace until", 1.1),
                ],
                p => new PdfRow([Day(p.PromisedOn), Day(p.DueDate), Money(p.Amount, p.Currency), p.State, Money(p.Received, p.Currency), Day(p.GraceEnd)]));
        }

        document.Heading(Sections[7]);
        if (pack.Disputes.Count == 0)
        {
            document.Paragraph("No item is disputed.");
        }
        else
        {
            SourcedItems(
                document,
                pack.Disputes,
                static d => d.Source,
                [new PdfColumn("Item", 1.5), new PdfColumn("Due", 1.1), new PdfColumn("Amount", 1.2, AlignRight: true), new PdfColumn("Open", 1.2, AlignRight: true)],
                d => new PdfRow([d.InvoiceId, Day(d.DueDate), Money(d.Amount, d.Currency), Money(d.OpenAmount, d.Currency)]));
        }

        document.Heading(Sections[8]);
        Journal(document, pack.HoldsAndReleases, "No hold or release recorded in the audit journal.");
        document.Heading(Sections[9]);
        Journal(document, pack.OtherEvents, "No other journal events.");

        document.Heading("Sources");
        foreach (var note in pack.SourceNotes)
        {
            document.Paragraph(note);
        }

        return document.ToArray();
    }

    /// <summary>The head hash, or what stands in for it (an empty journal).</summary>
    public static string ChainHead(EvidencePack pack)
    {
        ArgumentNullException.ThrowIfNull(pack);
        return pack.Chain.Head ?? "(empty journal)";
    }

    private static void Cover(PdfTextDocument document, EvidencePack pack)
    {
        document.Title("Evidence pack");
        document.Fields(
        [
            ("Customer", $"{pack.CustomerName} ({pack.CustomerId})"),
            ("Currency", pack.Currency),
            ("As of", Day(pack.AsOf)),
            ("Built", pack.BuiltAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)),
            ("Audit events verified", pack.Chain.Events.ToString(CultureInfo.InvariantCulture)),
            ("Audit chain", pack.Chain.Break is { } broken
                ? $"BROKEN at event {broken.EventId}: {broken.Problem}. The events before it were verified; the pack shows the journal as stored."
                : "intact (every event's hash verified)"),
        ]);
        document.Paragraph("Audit chain head (SHA-256):", strong: true);
        document.Paragraph(ChainHead(pack));
        document.Paragraph(
            "The audit chain head is the SHA-256 hash of the last audit journal event when this pack was built; every journal event in it is covered by "
            + "that hash. To check the journal later, run `connector audit verify`: its chain must lead through this head.");
        document.Heading("Contents");
        foreach (var section in Sections)
        {
            document.Paragraph("· " + section);
        }
    }

    private static void Documents(PdfTextDocument document, IReadOnlyList<EvidenceDocument> items, string currency, string none)
    {
        if (items.Count == 0)
        {
            document.Paragraph(none);
            return;
        }

        SourcedItems(
            document,
            items,
            static i => i.Source,
            // In points of the 495 an A4 page leaves, the Line column's 35 included: each column as wide as its longest usual text
            // ("PO 8322196", "2026-10-23", "open, disputed", amounts to 123,456.78: a larger one is cut with "…", the CSV keeps it whole).
            [
                new PdfColumn("Number", 62), new PdfColumn("Date", 58), new PdfColumn("Due", 58), new PdfColumn("PO", 64),
                new PdfColumn("Amount", 58, AlignRight: true), new PdfColumn("Open", 58, AlignRight: true), new PdfColumn("Status", 74),
                new PdfColumn("Late", 28, AlignRight: true),
            ],
            i => new PdfRow(
            [
                i.Id, Day(i.DocumentDate), Day(i.DueDate), i.PoNumber ?? "", Money(i.Amount, i.Currency), Money(i.OpenAmount, i.Currency),
                i.Disputed ? i.Status + ", disputed" : i.Status, i.DaysOverdue > 0 ? Num(i.DaysOverdue) : "",
            ]));
        document.Paragraph($"{items.Count.ToString(CultureInfo.InvariantCulture)} item(s); open {Money(items.Sum(static i => i.OpenAmount), currency)} {currency}.");
    }

    private static void Payments(PdfTextDocument document, EvidencePack pack)
    {
        if (pack.Payments.Count == 0)
        {
            document.Paragraph("No payments received.");
        }
        else
        {
            SourcedItems(
                document,
                pack.Payments,
                static p => p.Source,
                [
                    new PdfColumn("Payment", 1.2), new PdfColumn("Date", 1.1), new PdfColumn("Amount", 1.2, AlignRight: true), new PdfColumn("Applied", 1.2, AlignRight: true),
                    new PdfColumn("Unapplied", 1.2, AlignRight: true), new PdfColumn("Reference", 2.5),
                ],
                p => new PdfRow([p.Id, Day(p.Date), Money(p.Amount, p.Currency), Money(p.AppliedAmount, p.Currency), Money(p.UnappliedAmount, p.Currency), p.Reference ?? ""]));
            document.Paragraph("Applied: what the ERP (or the connector's accepted cash application) has set against invoices; the ERP's own applications name no invoice in its export.");
        }

        if (pack.Applications.Count == 0)
        {
            document.Paragraph("No cash applications decided in the connector.");
            return;
        }

        document.Paragraph("Cash applications decided in the connector:", strong: true);
        Sourced(
            document,
            pack.Applications,
            static a => a.Source,
            [
                new PdfColumn("Payment", 1.2), new PdfColumn("Invoice", 1.2), new PdfColumn("Amount", 1.1, AlignRight: true), new PdfColumn("Write-off", 1, AlignRight: true),
                new PdfColumn("Method", 1.2), new PdfColumn("State", 1), new PdfColumn("By", 1.2), new PdfColumn("When (UTC)", 1.7),
            ],
            a => new PdfRow(
            [
                a.PaymentId, a.InvoiceId, Money(a.Amount, a.Currency), Money(a.WriteOff, a.Currency), a.Method, a.State, a.AcceptedBy ?? "",
                a.AcceptedAt is { } at ? at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "",
            ]));
    }

    private static void Emails(PdfTextDocument document, EvidencePack pack)
    {
        if (pack.DunningEmails.Count == 0)
        {
            document.Paragraph("No dunning email sent.");
            return;
        }

        foreach (var email in pack.DunningEmails)
        {
            document.Fields(
            [
                ("Date", email.SentAt is { } at ? $"{Day(email.On)} (sent {at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)})" : Day(email.On)),
                ("Level", Num(email.Level)),
                ("From", email.From),
                ("To", email.To.Count == 0 ? "(not kept)" : string.Join("; ", email.To)),
                ("Cc", email.Cc.Count == 0 ? "" : string.Join("; ", email.Cc)),
                ("Subject", email.Subject),
                ("Source", email.Source),
            ]);
            document.Paragraph(email.HtmlBody is { } html ? TextOf(html) : "(content not kept)");
            document.Space(6);
        }
    }

    private static void Journal(PdfTextDocument document, IReadOnlyList<EvidenceAuditEvent> events, string none)
    {
        if (events.Count == 0)
        {
            document.Paragraph(none);
            return;
        }

        foreach (var e in events)
        {
            var change = e.Before is null && e.After is null ? "" : $" · {e.Before ?? "—"} → {e.After ?? "—"}";
            document.Paragraph(
                $"Event {e.Id.ToString(CultureInfo.InvariantCulture)} · {e.At.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)} · {e.Actor} · {e.Action}{change}",
                strong: true);
            if (!string.IsNullOrWhiteSpace(e.Reason))
            {
                document.Paragraph("Why: " + e.Reason);
            }

            document.Paragraph("Source: " + e.Source);
        }
    }

    /// <summary>
    /// A table per source, in the order the sources first appear, each under "Source: …": every item keeps its source
    /// while the table keeps the width its figures need.
    /// </summary>
    private static void Sourced<T>(PdfTextDocument document, IReadOnlyList<T> items, Func<T, string> source, IReadOnlyList<PdfColumn> columns, Func<T, PdfRow> row)
    {
        foreach (var group in items.GroupBy(source, StringComparer.Ordinal))
        {
            document.Paragraph("Source: " + group.Key);
            document.Table(columns, group.Select(row));
        }
    }

    /// <summary>
    /// <see cref="Sourced"/> for items with a place in their source (an ERP file's line, a bank statement's entry): one table per
    /// file, the place in the last column, so each item reads "file X (heading), line N (its row)".
    /// </summary>
    private static void SourcedItems<T>(PdfTextDocument document, IReadOnlyList<T> items, Func<T, EvidenceSource> source, IReadOnlyList<PdfColumn> columns, Func<T, PdfRow> row)
    {
        foreach (var group in items.GroupBy(i => source(i).Group, StringComparer.Ordinal))
        {
            document.Paragraph("Source: " + group.Key);
            var places = group.Select(i => source(i).At).ToList();
            if (places.All(static p => p is null))
            {
                document.Table(columns, group.Select(row));
                continue;
            }

            var header = places.First(static p => p is not null)!.StartsWith("entry", StringComparison.Ordinal) ? "Entry" : "Line";
            var shares = columns.Sum(static c => c.Share);
            document.Table(
                [.. columns, new PdfColumn(header, shares * (header == "Entry" ? 0.2 : 35.0 / 460), AlignRight: header == "Line")],
                group.Select(i => new PdfRow([.. row(i).Cells, Place(source(i).At)])));
        }
    }

    /// <summary>"line 7" → "7" under the Line column; an entry's locator stays whole.</summary>
    private static string Place(string? at) => at switch
    {
        null => "",
        _ when at.StartsWith("line ", StringComparison.Ordinal) => at["line ".Length..],
        _ when at.StartsWith("row ", StringComparison.Ordinal) => at["row ".Length..],
        _ when at.StartsWith("entry ", StringComparison.Ordinal) => at["entry ".Length..],
        _ => at,
    };

    /// <summary>An email's HTML as the reader sees it: paragraphs and table rows on their own lines, tags dropped, entities decoded.</summary>
    public static string TextOf(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var text = BlockEnd().Replace(html, "\n");
        text = CellEnd().Replace(text, "  ");
        text = Tag().Replace(text, "");
        text = WebUtility.HtmlDecode(text);
        var lines = text.Split('\n').Select(static l => Spaces().Replace(l, " ").Trim()).Where(static l => l.Length > 0);
        return string.Join('\n', lines);
    }

    private static string Money(decimal amount, string currency) => StatementOfAccountBuilder.Amount(amount, currency);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"</p>|<br\s*/?>|</tr>|</li>|</h\d>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BlockEnd();

    [GeneratedRegex(@"</t[dh]>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CellEnd();

    [GeneratedRegex(@"<[^>]*>", RegexOptions.CultureInvariant)]
    private static partial Regex Tag();

    [GeneratedRegex(@"[ \t\r]+", RegexOptions.CultureInvariant)]
    private static partial Regex Spaces();
}
