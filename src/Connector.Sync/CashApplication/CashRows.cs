using System.Globalization;
using System.Text.Json;
using Connector.Domain.CashApplication;
using Connector.Domain.Ledger;
using Connector.Sync.Ports;
using Connector.Sync.Writeback;

namespace Connector.Sync.CashApplication;

/// <summary>The words and rows the cash application stores and writes back: method names, sources, writeback rows.</summary>
internal static class CashRows
{
    /// <summary>Who the journal and the ERP name for what the connector accepted on its own.</summary>
    public const string ConnectorActor = "connector";

    public const string ManualMethod = "manual";

    public const string PersonConfidence = "person";

    public const string ApplyAction = "apply";

    public const string UnapplyAction = "unapply";

    /// <summary>The enum's snake_case name: <c>exact_amount</c>, <c>customer_unknown</c>.</summary>
    public static string Name<T>(T value) where T : struct, Enum => EnumNames<T>.Of(value);

    public static string Source(PaymentSource source) => source == PaymentSource.BankStatement ? "bank" : "erp";

    public static bool IsBank(StoredCashMatch match) => match.Source == "bank";

    public static string Subject(StoredCashMatch match) => "payment:" + match.PaymentId;

    /// <summary>
    /// The writeback row of an applied line (negated for an unapplication). Its key counts the applications of the payment
    /// to the invoice (<paramref name="sequence"/>, from 1), not the time: two instances deciding the same match write one row.
    /// </summary>
    public static OutboxItem Writeback(StoredCashMatch match, StoredCashLine line, string action, int sequence)
    {
        var sign = action == UnapplyAction ? -1m : 1m;
        var at = line.AcceptedAt ?? match.DecidedAt ?? match.CreatedAt;
        return WritebackJson.ToOutbox(new CashApplicationRow(
            $"{match.PaymentId}|{line.InvoiceId}|{sequence.ToString(CultureInfo.InvariantCulture)}|{action}",
            match.PaymentId,
            match.BankReference,
            line.InvoiceId,
            line.CustomerId,
            sign * line.Amount,
            match.Currency,
            sign * line.WriteOff,
            sign * line.FxAmount,
            line.Method,
            line.AcceptedBy ?? ConnectorActor,
            at,
            action));
    }

    /// <summary>Which application of the payment to this invoice <paramref name="line"/> is (1 for the first), among <paramref name="lines"/>.</summary>
    public static int Sequence(IReadOnlyList<StoredCashLine> lines, StoredCashLine line)
    {
        var n = 0;
        foreach (var other in lines)
        {
            if (other.Kind == CashLineKinds.Applied && other.InvoiceId == line.InvoiceId)
            {
                n++;
                if (ReferenceEquals(other, line) || (other.Id != 0 && other.Id == line.Id))
                {
                    return n;
                }
            }
        }

        return n + 1;
    }

    /// <summary>What an applied line takes off its invoice, in the invoice's currency.</summary>
    public static decimal OffInvoice(StoredCashLine line) => line.InvoiceAmount ?? (line.Amount + line.WriteOff);

    /// <summary>What the stored matches count on the ledger now (<see cref="ProvisionalCash"/>).</summary>
    public static List<AppliedCash> Counted(IEnumerable<StoredCashMatch> matches)
    {
        var counted = new List<AppliedCash>();
        foreach (var match in matches)
        {
            if (match.Status != CashMatchStatuses.Accepted)
            {
                continue;
            }

            foreach (var line in match.Lines)
            {
                if (line.Kind != CashLineKinds.Applied)
                {
                    continue;
                }

                if (line.State == CashLineKinds.Awaiting)
                {
                    counted.Add(new AppliedCash(match.PaymentId, line.InvoiceId, line.CustomerId, line.Amount, OffInvoice(line), OnInvoice: true, OnPayment: true));
                }
                else if (line.State == CashLineKinds.Confirmed && IsBank(match))
                {
                    // The ERP shows the invoice paid with its own payment record; the bank's entry stays applied here.
                    counted.Add(new AppliedCash(match.PaymentId, line.InvoiceId, line.CustomerId, line.Amount, 0m, OnInvoice: false, OnPayment: true));
                }
            }
        }

        return counted;
    }

    /// <summary>The ranked candidates as the store keeps them.</summary>
    public static string CandidatesJson(IReadOnlyList<MatchCandidate> candidates)
    {
        var rows = candidates.Select(static c => new CandidateRow(c.InvoiceId, c.CustomerId, c.OpenAmount, c.Currency, c.DueDate, Math.Round(c.Score, 4), c.Explanation)).ToList();
        return JsonSerializer.Serialize(rows, CashJsonContext.Default.ListCandidateRow);
    }

    public static IReadOnlyList<CandidateRow> Candidates(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, CashJsonContext.Default.ListCandidateRow) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}

/// <summary>Each value's snake_case name worked out once (two lines of every match named their method and confidence anew).</summary>
internal static class EnumNames<T>
    where T : struct, Enum
{
    private static readonly Dictionary<T, string> Names = Enum.GetValues<T>().Distinct().ToDictionary(static v => v, Convert);

    public static string Of(T value) => Names.TryGetValue(value, out var name) ? name : Convert(value);

    private static string Convert(T value) => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}

/// <summary>A ranked candidate invoice of an exception, as stored.</summary>
public sealed record CandidateRow(string Invoice, string Customer, decimal Open, string Currency, DateOnly Due, decimal Score, string Explanation);

[System.Text.Json.Serialization.JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[System.Text.Json.Serialization.JsonSerializable(typeof(List<CandidateRow>))]
internal sealed partial class CashJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
