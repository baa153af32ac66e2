namespace Connector.Sync.Ports;

/// <summary>
/// A bank entry and the ERP's payment record of the same money, linked once (issue 18 §2): <see cref="Kept"/> says which
/// record every figure counts — the one the connector saw (and acted on) first.
/// </summary>
public sealed record StoredPaymentTwin
{
    /// <summary><see cref="Kept"/> when the bank entry stays and the ERP's payment is folded into it.</summary>
    public const string KeepBank = "bank";

    /// <summary><see cref="Kept"/> when the ERP's payment stays and the bank entry is folded into it.</summary>
    public const string KeepErp = "erp";

    public required string BankPaymentId { get; init; }

    public required string ErpPaymentId { get; init; }

    /// <summary><see cref="KeepBank"/> or <see cref="KeepErp"/>.</summary>
    public required string Kept { get; init; }

    /// <summary><c>reference</c> or <c>amount_customer_date</c>.</summary>
    public required string Rule { get; init; }

    /// <summary>The sentence a person reads: what tied the two.</summary>
    public required string Explanation { get; init; }

    public required string LinkedBy { get; init; }

    public required DateTimeOffset LinkedAt { get; init; }
}

/// <summary>What the connector keeps of recognised twins: one row per bank entry and per ERP payment, never two.</summary>
public interface IPaymentTwinState
{
    /// <summary>Every link, oldest first.</summary>
    Task<IReadOnlyList<StoredPaymentTwin>> ReadPaymentTwinsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// In one transaction: each link whose bank entry and ERP payment are both unlinked is stored with its audit event (the
    /// same position in <paramref name="audit"/>); a link another instance stored first is skipped with its event. Returns
    /// how many were stored.
    /// </summary>
    Task<int> LinkPaymentTwinsAsync(IReadOnlyList<StoredPaymentTwin> twins, IReadOnlyList<AuditEvent> audit, CancellationToken cancellationToken);
}
