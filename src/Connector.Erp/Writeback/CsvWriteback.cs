using System.Globalization;
using System.Text;
using Connector.Sync.Ports;

namespace Connector.Erp.Writeback;

/// <summary>
/// The writeback of a CSV installation: per batch, <c>credit-holds-&lt;batch id&gt;.csv</c> and
/// <c>order-credit-&lt;batch id&gt;.csv</c> (and <c>cash-applications-…</c>, <c>dunning-charges-…</c>) in the writeback folder (only those with rows), RFC 4180 (comma, CRLF,
/// quotes where needed), UTF-8 without a byte order mark. Each file is written under a hidden temporary name and
/// renamed when complete, so the ERP never imports half a file; the same batch written again replaces its files
/// with the same content.
/// </summary>
public sealed class CsvWriteback : IErpWriteback
{
    /// <summary>The hold file's columns, in order.</summary>
    public static IReadOnlyList<string> HoldColumns { get; } = ["customer_id", "on_hold", "hold_codes", "hold_message", "as_of"];

    /// <summary>The order file's columns, in order.</summary>
    public static IReadOnlyList<string> OrderColumns { get; } =
        ["order_id", "customer_id", "decision", "reason_codes", "message", "currency", "order_amount", "exposure", "credit_limit", "available_credit", "as_of"];

    /// <summary>The cash application file's columns, in order (issue 18).</summary>
    public static IReadOnlyList<string> CashColumns { get; } =
    [
        "application_key", "action", "payment_id", "bank_reference", "invoice_id", "customer_id", "amount", "currency",
        "write_off_amount", "fx_amount", "method", "accepted_by", "accepted_at",
    ];

    /// <summary>The proposed dunning charges file's columns, in order (issue 20).</summary>
    public static IReadOnlyList<string> DunningChargeColumns { get; } =
    [
        "charge_key", "customer_id", "case_id", "level", "invoice_id", "currency", "open_amount", "due_date", "days_overdue",
        "interest_rate_percent", "interest_amount", "fee_amount", "letter_date",
    ];

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly string folder;

    public CsvWriteback(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        this.folder = Path.GetFullPath(folder);
    }

    public string Destination => folder;

    public static string HoldFileName(string batchId) => $"credit-holds-{batchId}.csv";

    public static string OrderFileName(string batchId) => $"order-credit-{batchId}.csv";

    public static string CashFileName(string batchId) => $"cash-applications-{batchId}.csv";

    public static string DunningChargeFileName(string batchId) => $"dunning-charges-{batchId}.csv";

    public async Task<ErpWritebackResult> WriteAsync(ErpWritebackBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var written = new List<string>(2);
        if (batch.Holds.Count > 0)
        {
            written.Add(await WriteFileAsync(HoldFileName(batch.BatchId), HoldColumns, batch.Holds, static r =>
                [r.CustomerId, WritebackFields.Flag(r.OnHold).ToString(CultureInfo.InvariantCulture), r.HoldCodes, r.HoldMessage, WritebackFields.Date(r.AsOf)], cancellationToken).ConfigureAwait(false));
        }

        if (batch.Orders.Count > 0)
        {
            written.Add(await WriteFileAsync(OrderFileName(batch.BatchId), OrderColumns, batch.Orders, static r =>
                [
                    r.OrderId, r.CustomerId, r.Decision, r.ReasonCodes, r.Message, r.Currency,
                    WritebackFields.MoneyText(r.OrderAmount, r.Currency), WritebackFields.MoneyText(r.Exposure, r.Currency),
                    WritebackFields.MoneyText(r.CreditLimit, r.Currency), WritebackFields.MoneyText(r.AvailableCredit, r.Currency),
                    WritebackFields.Date(r.AsOf),
                ], cancellationToken).ConfigureAwait(false));
        }

        if (batch.CashApplications.Count > 0)
        {
            written.Add(await WriteFileAsync(CashFileName(batch.BatchId), CashColumns, batch.CashApplications, static r =>
                [
                    r.Key, r.Action, r.PaymentId, r.BankReference ?? "", r.InvoiceId, r.CustomerId,
                    WritebackFields.MoneyText(r.Amount, r.Currency), r.Currency,
                    WritebackFields.MoneyText(r.WriteOffAmount, r.Currency), WritebackFields.MoneyText(r.FxAmount, r.Currency),
                    r.Method, r.AcceptedBy, WritebackFields.Time(r.AcceptedAt),
                ], cancellationToken).ConfigureAwait(false));
        }

        if (batch.DunningCharges.Count > 0)
        {
            written.Add(await WriteFileAsync(DunningChargeFileName(batch.BatchId), DunningChargeColumns, batch.DunningCharges, static r =>
                [
                    r.Key, r.CustomerId, r.CaseId, r.Level.ToString(CultureInfo.InvariantCulture), r.InvoiceId, r.Currency,
                    WritebackFields.MoneyText(r.OpenAmount, r.Currency), WritebackFields.Date(r.DueDate), r.DaysOverdue.ToString(CultureInfo.InvariantCulture),
                    r.InterestRatePercent.ToString("0.####", CultureInfo.InvariantCulture), WritebackFields.MoneyText(r.InterestAmount, r.Currency),
                    WritebackFields.MoneyText(r.FeeAmount, r.Currency), WritebackFields.Date(r.LetterDate),
                ], cancellationToken).ConfigureAwait(false));
        }

        return new ErpWritebackResult(written.Count == 0 ? folder : string.Join(", ", written));
    }

    private async Task<string> WriteFileAsync<T>(string name, IReadOnlyList<string> columns, IReadOnlyList<T> rows, Func<T, string[]> fields, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, name);
        var temporary = Path.Combine(folder, "." + name + ".tmp");
        try
        {
            Directory.CreateDirectory(folder);
            var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                var writer = new StreamWriter(stream, Utf8, 1 << 16);
                await using (writer.ConfigureAwait(false))
                {
                    var line = new StringBuilder(256);
                    await writer.WriteAsync(Line(line, columns).AsMemory(), cancellationToken).ConfigureAwait(false);
                    foreach (var row in rows)
                    {
                        await writer.WriteAsync(Line(line, fields(row)).AsMemory(), cancellationToken).ConfigureAwait(false);
                    }

                    await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                    // On disk before the rename makes it visible: a crash must not leave a complete name with partial content.
                    stream.Flush(flushToDisk: true);
                }
            }

            File.Move(temporary, path, overwrite: true);
            return path;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new ErpWritebackException($"ERP writeback: cannot write {path}: {ex.Message}", ex);
        }
    }

    /// <summary>One CSV record with its CRLF; a field with a comma, quote or line break is quoted, its quotes doubled.</summary>
    private static string Line(StringBuilder line, IReadOnlyList<string> fields)
    {
        line.Clear();
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                line.Append(',');
            }

            var value = fields[i];
            if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
            {
                line.Append(value);
            }
            else
            {
                line.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
        }

        return line.Append("\r\n").ToString();
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The temporary file is hidden and replaced by the next attempt; the write's own error is the one to report.
        }
    }
}
