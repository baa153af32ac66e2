using Connector.Domain.Credit;

namespace Connector.Sync.Credit;

/// <summary>
/// The last evaluation as the order webhook reads it: each customer's credit snapshot, found by the Dataverse id of
/// its account (what the webhook payload names), the manual overrides in force, and when it was evaluated (to tell
/// a stale one). Immutable once published; readers on many threads share it.
/// </summary>
public sealed class CreditSnapshot
{
    private readonly Dictionary<Guid, string> customerByAccountId;
    private readonly IReadOnlyDictionary<Guid, Guid> accountByContactId;

    /// <param name="credit">The evaluation's credit snapshots.</param>
    /// <param name="accountIds">ERP customer number → Dataverse account id (<c>IPushState.ReadRecordIdsAsync("account")</c>).</param>
    /// <param name="actions">The overrides and releases the evaluation honoured (one-order overrides apply at the check).</param>
    /// <param name="evaluatedAt">When the evaluation ran.</param>
    /// <param name="contactAccounts">Contact id → its parent account's id, for the contacts whose parent is one of our accounts (an order's customer may be a contact).</param>
    /// <param name="currencies">Dataverse's currencies (an order names its currency by id); <c>null</c>: none known.</param>
    public CreditSnapshot(
        CreditEvaluation credit,
        IReadOnlyDictionary<string, Guid> accountIds,
        ManualActions actions,
        DateTimeOffset evaluatedAt,
        IReadOnlyDictionary<Guid, Guid>? contactAccounts = null,
        DataverseCurrencies? currencies = null)
    {
        Currencies = currencies ?? DataverseCurrencies.None;
        accountByContactId = contactAccounts ?? new Dictionary<Guid, Guid>();
        ArgumentNullException.ThrowIfNull(credit);
        ArgumentNullException.ThrowIfNull(accountIds);
        ArgumentNullException.ThrowIfNull(actions);
        Credit = credit;
        Actions = actions;
        EvaluatedAt = evaluatedAt;
        var byId = new Dictionary<Guid, string>(accountIds.Count);
        foreach (var (customerId, accountId) in accountIds)
        {
            byId[accountId] = customerId;
        }

        customerByAccountId = byId;
    }

    private CreditSnapshot(CreditSnapshot figures, ManualActions actions)
    {
        Credit = figures.Credit;
        Currencies = figures.Currencies;
        EvaluatedAt = figures.EvaluatedAt;
        customerByAccountId = figures.customerByAccountId;
        accountByContactId = figures.accountByContactId;
        Actions = actions;
    }

    public CreditEvaluation Credit { get; }

    /// <summary>Dataverse's currencies as the sync that made this snapshot read them.</summary>
    public DataverseCurrencies Currencies { get; }

    public ManualActions Actions { get; }

    public DateTimeOffset EvaluatedAt { get; }

    /// <summary>The same figures with the releases and overrides recorded since (another instance published them).</summary>
    public CreditSnapshot WithActions(ManualActions actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        return new CreditSnapshot(this, actions);
    }

    /// <summary>Dataverse account id → ERP customer number, as published.</summary>
    internal IReadOnlyDictionary<Guid, string> CustomersByAccount => customerByAccountId;

    /// <summary>Contact id → parent account id, as published.</summary>
    internal IReadOnlyDictionary<Guid, Guid> ContactAccounts => accountByContactId;

    /// <summary>How many accounts the webhook can resolve.</summary>
    public int AccountCount => customerByAccountId.Count;

    /// <summary>How many contacts the webhook can resolve to their parent account.</summary>
    public int ContactCount => accountByContactId.Count;

    /// <summary>The parent account of a contact customer, or <c>null</c> when the contact is not under one of our accounts.</summary>
    public Guid? AccountOfContact(Guid contactId) => accountByContactId.TryGetValue(contactId, out var account) ? account : null;

    /// <summary>The ERP customer number of a Dataverse account, or <c>null</c> when the account is not one we pushed.</summary>
    public string? CustomerOf(Guid accountId) => customerByAccountId.GetValueOrDefault(accountId);

    /// <summary>The credit snapshot of the Dataverse account, or <c>null</c> when unknown to the ledger.</summary>
    public CustomerCreditSnapshot? Find(Guid accountId) =>
        CustomerOf(accountId) is { } customerId ? Credit.Find(customerId) : null;
}
