namespace Connector.Dataverse.Solution;

/// <summary>What is wrong with a live environment compared with the solution package.</summary>
public enum CheckFindingKind
{
    MissingTable,
    MissingColumn,
    MissingKey,

    /// <summary>The key exists but its index is not Active yet (Pending, InProgress) or its build failed: requests by key fail.</summary>
    KeyNotActive,
    ChangeTrackingOff,

    /// <summary>The table has no UpsertMultiple: the push falls back to <c>$batch</c>, slower but correct.</summary>
    BulkUnsupported,

    /// <summary>A view, form, chart, dashboard, role, app or environment variable of the package is not in the environment.</summary>
    MissingComponent,

    /// <summary><c>arc_OrderEnforcement</c> says otherwise than the connector's <c>Credit:OrderEnforcement</c>.</summary>
    EnvironmentVariableDiffers,
}

/// <summary>Errors stop the push from working; warnings make it slower or less complete.</summary>
public enum CheckSeverity
{
    Error,
    Warning,
}

/// <summary>One finding, with a one-line message an administrator can act on.</summary>
/// <param name="Kind">What is wrong.</param>
/// <param name="Severity">Whether the connector can work despite it.</param>
/// <param name="Table">The table's logical name (for a component: the entity set it lives in, e.g. <c>savedqueries</c>).</param>
/// <param name="Subject">The column or key concerned, when there is one.</param>
/// <param name="Message">e.g. <c>account: key arc_accountnumber_key (accountnumber) is Pending, not Active: …</c>.</param>
public sealed record CheckFinding(CheckFindingKind Kind, CheckSeverity Severity, string Table, string? Subject, string Message)
{
    public override string ToString() => $"{(Severity == CheckSeverity.Error ? "error" : "warning")}: {Message}";
}
