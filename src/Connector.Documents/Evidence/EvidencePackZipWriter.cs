using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Connector.Sync.Evidence;
using Connector.Sync.Statements;

namespace Connector.Documents.Evidence;

/// <summary>
/// The evidence pack as a zip: the PDF, each section's raw rows (CSV, RFC 4180, UTF-8; JSON where the content is nested —
/// the statement and the emails with their full HTML) numbered in the PDF's order, and <c>manifest.json</c> with the
/// customer, the audit chain head and the SHA-256 of every other entry.
/// </summary>
public static class EvidencePackZipWriter
{
    public const string Manifest = "manifest.json";

    /// <summary>The section files, in order.</summary>
    public static readonly IReadOnlyList<string> SectionFiles =
    [
        "01-statement-of-account.json",
        "02-invoices.csv",
        "03-credit-notes.csv",
        "04-payments.csv",
        "04-cash-applications.csv",
        "05-dunning-emails.json",
        "06-contact-attempts.csv",
        "07-promises.csv",
        "08-disputes.csv",
        "09-holds-and-releases.csv",
        "10-other-audit-events.csv",
    ];

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static byte[] Write(EvidencePack pack, byte[] pdf, string pdfName)
    {
        ArgumentNullException.ThrowIfNull(pack);
        ArgumentNullException.ThrowIfNull(pdf);
        ArgumentException.ThrowIfNullOrWhiteSpace(pdfName);
        var files = new List<(string Name, byte[] Content)>
        {
            (pdfName, pdf),
            (SectionFiles[0], Json(pack.Statement, EvidenceJson.Default.StatementOfAccount)),
            (SectionFiles[1], Documents(pack.Invoices)),
            (SectionFiles[2], Documents(pack.CreditNotes)),
            (SectionFiles[3], Csv(
                ["payment_id", "date", "amount", "applied_amount", "unapplied_amount", "currency", "reference", "source", "source_at"],
                pack.Payments.Select(static p => new[] { p.Id, Day(p.Date), Num(p.Amount), Num(p.AppliedAmount), Num(p.UnappliedAmount), p.Currency, p.Reference, p.Source.ToString(), p.Source.At }))),
            (SectionFiles[4], Csv(
                ["payment_id", "invoice_id", "amount", "write_off", "currency", "method", "state", "accepted_by", "accepted_at", "explanation", "source"],
                pack.Applications.Select(static a => new[]
                {
                    a.PaymentId, a.InvoiceId, Num(a.Amount), Num(a.WriteOff), a.Currency, a.Method, a.State, a.AcceptedBy, a.AcceptedAt is { } at ? Time(at) : null, a.Explanation, a.Source,
                }))),
            (SectionFiles[5], Json(pack.DunningEmails, EvidenceJson.Default.IReadOnlyListEvidenceEmail)),
            (SectionFiles[6], Csv(
                ["date", "kind", "level", "by", "detail", "source"],
                pack.Contacts.Select(static c => new[] { Day(c.On), c.Kind, Num(c.Level), c.By, c.Detail, c.Source }))),
            (SectionFiles[7], Csv(
                ["promised_on", "due_date", "amount", "currency", "state", "received", "grace_end", "source", "source_at"],
                pack.Promises.Select(static p => new[] { Day(p.PromisedOn), Day(p.DueDate), Num(p.Amount), p.Currency, p.State, Num(p.Received), Day(p.GraceEnd), p.Source.ToString(), p.Source.At }))),
            (SectionFiles[8], Csv(
                ["invoice_id", "due_date", "amount", "open_amount", "currency", "source", "source_at"],
                pack.Disputes.Select(static d => new[] { d.InvoiceId, Day(d.DueDate), Num(d.Amount), Num(d.OpenAmount), d.Currency, d.Source.ToString(), d.Source.At }))),
            (SectionFiles[9], Journal(pack.HoldsAndReleases)),
            (SectionFiles[10], Journal(pack.OtherEvents)),
        };
        var manifest = new EvidenceManifest(
            pack.CustomerId,
            pack.CustomerName,
            pack.AsOf,
            pack.BuiltAt,
            pack.Chain.Head,
            pack.Chain.Events,
            pack.Chain.Intact,
            [.. files.Select(static f => new EvidenceManifestEntry(f.Name, f.Content.Length, Convert.ToHexStringLower(SHA256.HashData(f.Content))))]);
        files.Add((Manifest, Json(manifest, EvidenceJson.Default.EvidenceManifest)));

        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in files)
            {
                var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
                entry.LastWriteTime = pack.BuiltAt;
                using var stream = entry.Open();
                stream.Write(content);
            }
        }

        return buffer.ToArray();
    }

    private static byte[] Documents(IReadOnlyList<EvidenceDocument> items) => Csv(
        ["id", "type", "document_date", "due_date", "po_number", "amount", "open_amount", "currency", "status", "disputed", "days_overdue", "source", "source_at"],
        items.Select(static i => new[]
        {
            i.Id, i.Type, Day(i.DocumentDate), Day(i.DueDate), i.PoNumber, Num(i.Amount), Num(i.OpenAmount), i.Currency, i.Status,
            i.Disputed ? "1" : "0", Num(i.DaysOverdue), i.Source.ToString(), i.Source.At,
        }));

    private static byte[] Journal(IReadOnlyList<EvidenceAuditEvent> events) => Csv(
        ["event_id", "at", "actor", "action", "subject", "before", "after", "reason", "source"],
        events.Select(static e => new[] { e.Id.ToString(CultureInfo.InvariantCulture), Time(e.At), e.Actor, e.Action, e.Subject, e.Before, e.After, e.Reason, e.Source }));

    private static byte[] Json<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) => JsonSerializer.SerializeToUtf8Bytes(value, type);

    /// <summary>RFC 4180: comma, CRLF, a field with a comma, quote or line break quoted with its quotes doubled; null is empty.</summary>
    private static byte[] Csv(string[] header, IEnumerable<string?[]> rows)
    {
        var text = new StringBuilder();
        Line(text, header);
        foreach (var row in rows)
        {
            Line(text, row);
        }

        return Utf8.GetBytes(text.ToString());
    }

    private static void Line(StringBuilder text, string?[] fields)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            var value = fields[i] ?? "";
            if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
            {
                text.Append(value);
            }
            else
            {
                text.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
        }

        text.Append("\r\n");
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Num(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>What <c>manifest.json</c> says: whose pack, the chain head it was built from, each entry's size and SHA-256.</summary>
public sealed record EvidenceManifest(
    string CustomerId,
    string CustomerName,
    DateOnly AsOf,
    DateTimeOffset BuiltAt,
    string? AuditChainHead,
    long AuditEvents,
    bool AuditChainIntact,
    IReadOnlyList<EvidenceManifestEntry> Entries);

public sealed record EvidenceManifestEntry(string Name, long Bytes, string Sha256);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, UseStringEnumConverter = true)]
[JsonSerializable(typeof(StatementOfAccount))]
[JsonSerializable(typeof(IReadOnlyList<EvidenceEmail>))]
[JsonSerializable(typeof(EvidenceManifest))]
internal sealed partial class EvidenceJson : JsonSerializerContext;
