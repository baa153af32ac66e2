using Connector.Sync.Collections;
using Connector.Sync.Evaluation;
using Connector.Sync.Ingest;
using Connector.Sync.Orders;
using Connector.Sync.Push;
using Connector.Sync.Writeback;

namespace Connector.Sync.Cycle;

/// <summary>What one sync cycle did, step by step.</summary>
public sealed record SyncCycleReport
{
    public required string RunId { get; init; }

    /// <summary>Where the store is, for people to read.</summary>
    public required string Store { get; init; }

    /// <summary>What people set in Dynamics since the last cycle (holds, releases), read before anything else.</summary>
    public required ReadBackResult ReadBack { get; init; }

    public required IngestReport Ingest { get; init; }

    /// <summary>The one evaluation every later step used.</summary>
    public required LedgerEvaluation Evaluation { get; init; }

    public required DataversePushReport Dataverse { get; init; }

    public required OrderCreditReport Orders { get; init; }

    /// <summary>The collections step; <c>null</c> when Graph is not configured.</summary>
    public CollectionsSyncReport? Collections { get; init; }

    /// <summary>The ERP writeback; <c>null</c> when it is off (<c>Erp:Writeback</c> false).</summary>
    public ErpWritebackReport? ErpWriteback { get; init; }

    /// <summary>The cash step: payments matched, accepted automatically, queued, reconciled with the ERP.</summary>
    public CashApplication.CashApplicationReport Cash { get; init; } = CashApplication.CashApplicationReport.None;

    /// <summary>Bank entries recognised as the ERP's own payments in the cash step.</summary>
    public CashApplication.PaymentTwinReport Twins { get; init; } = CashApplication.PaymentTwinReport.None;

    /// <summary>The daily snapshot kept for the trend report; <c>null</c> when the host keeps none.</summary>
    public History.DailySnapshotReport? History { get; init; }

    /// <summary>Settings that held part of the cycle back (one line each); the rest ran.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
