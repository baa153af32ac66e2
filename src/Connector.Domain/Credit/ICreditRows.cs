namespace Connector.Domain.Credit;

/// <summary>
/// The credit snapshots of a whole ledger by account position, with what can be read without building a snapshot: a full
/// evaluation's <see cref="CreditSnapshotTable"/>, or an incremental evaluation's merge of one with the customers it
/// evaluated again.
/// </summary>
internal interface ICreditRows : IReadOnlyList<CustomerCreditSnapshot>
{
    bool IsOnHold(int index);

    bool MayTransition(int index);

    string CustomerId(int index);

    HoldStatus Status(int index);

    /// <summary>The position of the customer, or −1.</summary>
    int IndexOf(string customerId);
}
