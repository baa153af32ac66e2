namespace Connector.Sync.Ports;

/// <summary>
/// A customer's credit hold as the ERP should flag it: on hold or not, the rule codes and the sentence a person reads.
/// </summary>
/// <param name="CustomerId">The ERP customer number.</param>
/// <param name="HoldCodes">The hold's codes joined by <c>;</c> (<c>OVERDUE_AGE;OVER_LIMIT</c>); empty when not on hold.</param>
/// <param name="HoldMessage">The hold sentence (the same text as <c>arc_holdmessage</c> in Dynamics); empty when not on hold.</param>
/// <param name="AsOf">The evaluation date that decided this state.</param>
public sealed record CustomerHoldRow(string CustomerId, bool OnHold, string HoldCodes, string HoldMessage, DateOnly AsOf);

/// <summary>
/// The credit decision of one open ERP order, as the order check in Dynamics would give it, with the figures behind it.
/// Amounts are in <see cref="Currency"/> (the customer's credit currency), unrounded; null where the credit could not
/// be evaluated or no limit applies.
/// </summary>
/// <param name="Decision"><see cref="OrderCreditDecisions.Approved"/> or <see cref="OrderCreditDecisions.Held"/>.</param>
/// <param name="ReasonCodes">Why it is held (or would be, when an override let it pass), joined by <c>;</c>: <c>ON_HOLD;OVERDUE_AGE</c>.</param>
/// <param name="Message">The sentence a sales rep reads in Dynamics for the same order.</param>
/// <param name="Exposure">The customer's exposure with this order counted.</param>
public sealed record OrderCreditRow(
    string OrderId,
    string CustomerId,
    string Decision,
    string ReasonCodes,
    string Message,
    string Currency,
    decimal? OrderAmount,
    decimal? Exposure,
    decimal? CreditLimit,
    decimal? AvailableCredit,
    DateOnly AsOf);

/// <summary>The values of <see cref="OrderCreditRow.Decision"/>: the words of <c>arc_creditstatus</c> in Dynamics.</summary>
public static class OrderCreditDecisions
{
    public const string Approved = "Approved";
    public const string Held = "Held";
}

/// <summary>
/// One writeback to the ERP. <see cref="BatchId"/> is derived from the outbox entries it carries, so a batch written
/// again after a crash (written, but not yet recorded as sent) has the same id and the ERP side overwrites or skips it
/// instead of adding it twice.
/// </summary>
public sealed record ErpWritebackBatch(string BatchId, IReadOnlyList<CustomerHoldRow> Holds, IReadOnlyList<OrderCreditRow> Orders)
{
    /// <summary>Cash applications accepted (or unapplied) in the connector, for the ERP to book.</summary>
    public IReadOnlyList<CashApplicationRow> CashApplications { get; init; } = [];

    /// <summary>Late-payment interest and fees a dunning letter proposed, for the ERP to book or waive (issue 20).</summary>
    public IReadOnlyList<DunningChargeRow> DunningCharges { get; init; } = [];

    public bool IsEmpty => Holds.Count == 0 && Orders.Count == 0 && CashApplications.Count == 0 && DunningCharges.Count == 0;
}

/// <summary>
/// The interest and fee one dunning letter proposed on one overdue invoice: a proposal for the ERP to book as a charge
/// (or waive), not a booking. Amounts in <see cref="Currency"/>, rounded to its minor unit.
/// </summary>
/// <param name="Key">The letter's key and the invoice (<c>CASE-C1|L3|2026-11-20|INV-9</c>): one letter proposes one charge per invoice, and the ERP books each key once.</param>
/// <param name="DaysOverdue">Days from <paramref name="DueDate"/> to <paramref name="LetterDate"/>, what the interest is counted on.</param>
/// <param name="InterestRatePercent">The step's rate, percent a year (0 when it charges none).</param>
public sealed record DunningChargeRow(
    string Key,
    string CustomerId,
    string CaseId,
    int Level,
    string InvoiceId,
    string Currency,
    decimal OpenAmount,
    DateOnly DueDate,
    int DaysOverdue,
    decimal InterestRatePercent,
    decimal InterestAmount,
    decimal FeeAmount,
    DateOnly LetterDate);

/// <summary>
/// One cash application for the ERP to book: <see cref="Amount"/> of payment <see cref="PaymentId"/> to invoice
/// <see cref="InvoiceId"/>, with the write-off and FX difference proposed with it. An unapplication (a person took an
/// accepted application back) is the same row with <see cref="Action"/> <c>unapply</c> and the amounts negated.
/// </summary>
/// <param name="Key">Unique per application and action (<c>PAY-1|INV-9|1|apply</c>: the first application of PAY-1 to INV-9): the ERP books each key once.</param>
/// <param name="Method">The rule that matched it (<c>reference</c>, <c>exact_amount</c>, <c>manual</c>).</param>
/// <param name="AcceptedBy">Who accepted it: <c>connector</c> for automatic acceptance, <c>cli:jdoe</c> for a person.</param>
public sealed record CashApplicationRow(
    string Key,
    string PaymentId,
    string? BankReference,
    string InvoiceId,
    string CustomerId,
    decimal Amount,
    string Currency,
    decimal WriteOffAmount,
    decimal FxAmount,
    string Method,
    string AcceptedBy,
    DateTimeOffset AcceptedAt,
    string Action);

/// <summary>Where a batch went, for the sync summary: file paths, or table names with the database.</summary>
public sealed record ErpWritebackResult(string Destination);

/// <summary>
/// The ERP's side of the writeback: a CSV file per run in a folder the ERP imports from, or rows in staging tables of
/// the ERP database, whichever the source kind is. Writing the same batch twice must leave the ERP as writing it once.
/// </summary>
public interface IErpWriteback
{
    /// <summary>Where batches go (<c>/erp/writeback</c>, <c>sqlite tables arc_writeback_*</c>), for messages.</summary>
    string Destination { get; }

    /// <exception cref="ErpWritebackException">The folder or database refused the write; nothing is recorded as sent.</exception>
    Task<ErpWritebackResult> WriteAsync(ErpWritebackBatch batch, CancellationToken cancellationToken);
}

/// <summary>The writeback could not be written (folder not writable, a table error): one line, never a connection string.</summary>
public sealed class ErpWritebackException : Exception
{
    public ErpWritebackException()
    {
    }

    public ErpWritebackException(string message)
        : base(message)
    {
    }

    public ErpWritebackException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
