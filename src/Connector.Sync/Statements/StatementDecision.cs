namespace Connector.Sync.Statements;

/// <summary>What happened, or would happen, to one customer's statement of a period.</summary>
public enum StatementOutcome
{
    /// <summary>Sent now (or, in a dry run, would be sent).</summary>
    Send,

    /// <summary>Sent before for this period: nothing to do.</summary>
    AlreadySent,

    /// <summary>A send was started and not confirmed (the connector stopped): it may have gone out, a person decides.</summary>
    Uncertain,

    /// <summary>Not sent, and not to be: no billing contact, or nothing to report.</summary>
    Skipped,

    /// <summary>Graph refused it or failed; not recorded as sent, so the next run tries again.</summary>
    Failed,
}

/// <summary>One customer's statement decision, with the figures a person checks before it goes.</summary>
public sealed record StatementDecision
{
    public required string CustomerId { get; init; }
    public required string CustomerName { get; init; }
    public required StatementOutcome Outcome { get; init; }

    /// <summary>Why, in a sentence ("sent 2026-11-01 to …", "no billing contact: the customer has no email in the ERP").</summary>
    public required string Reason { get; init; }

    public IReadOnlyList<string> To { get; init; } = [];
    public IReadOnlyList<string> Cc { get; init; } = [];
    public string Subject { get; init; } = "";
    public string Currency { get; init; } = "";
    public decimal ClosingBalance { get; init; }
    public decimal AmountDue { get; init; }

    /// <summary>Size of the PDF made (sent or, in a dry run, that would be sent); 0 when none was made.</summary>
    public int PdfBytes { get; init; }
}

/// <summary>What one <c>statements send</c> did (or, <see cref="DryRun"/>, would do) for a period.</summary>
public sealed record StatementSendReport(StatementPeriod Period, DateOnly IssuedOn, bool DryRun, IReadOnlyList<StatementDecision> Decisions)
{
    /// <summary>Why nothing was decided (an unknown customer), in a sentence; <c>null</c> otherwise.</summary>
    public string? Problem { get; init; }

    public int Count(StatementOutcome outcome) => Decisions.Count(d => d.Outcome == outcome);
}
