using Connector.Domain.Credit;
using Connector.Sync.Clock;
using Connector.Sync.Credit;
using Connector.Sync.Ports;
using Connector.Sync.Push;

namespace Connector.Sync.Orders;

/// <summary>
/// Layer 1 of the credit holds: reads the sales orders Dataverse reports as new or changed (change tracking on
/// salesorder — the asynchronous webhook only wakes this pass up sooner), checks each open one against the last
/// evaluation, re-checks the orders still held (a payment or a customer release frees them), and writes each order's
/// credit columns and its owner's notification through the outbox. Each page is committed — states, releases, audit,
/// writes, and with the last page the delta link — in one transaction, so a crash repeats at most a page whose
/// decisions then compare equal. Passes never overlap: the sync cycle and the webhook wake-ups share one gate.
/// </summary>
public sealed class OrderCreditSync
{
    public const string DeltaLinkKey = "dataverse:delta:salesorder";

    private readonly IConnectorStore store;
    private readonly IDataverse dataverse;
    private readonly CompanyClock clock;
    private readonly Guid? connectorUserId;
    private readonly SemaphoreSlim gate;

    /// <param name="connectorUserId">The connector's application user (<c>Webhook:ConnectorUserId</c>); what it wrote is never a person's release.</param>
    /// <param name="gate">Shared by every pass of the process, so two never run at once; <c>null</c>: a private one.</param>
    public OrderCreditSync(IConnectorStore store, IDataverse dataverse, CompanyClock clock, Guid? connectorUserId = null, SemaphoreSlim? gate = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(dataverse);
        ArgumentNullException.ThrowIfNull(clock);
        this.store = store;
        this.dataverse = dataverse;
        this.clock = clock;
        this.connectorUserId = connectorUserId;
        this.gate = gate ?? new SemaphoreSlim(1, 1);
    }

    public async Task<OrderCreditReport> RunAsync(CreditSnapshot snapshot, CreditPolicy policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(policy);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await PassAsync(snapshot, policy, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<OrderCreditReport> PassAsync(CreditSnapshot snapshot, CreditPolicy policy, CancellationToken cancellationToken)
    {
        var now = clock.Now;
        var today = clock.DayOf(now);
        var known = (await store.ReadOrderCreditsAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(static o => o.OrderId);
        var releases = (await store.ReadOrderReleasesAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(static r => r.OrderId);
        var parents = new Dictionary<Guid, Guid?>();
        var seen = new HashSet<Guid>();
        var tally = new Tally();

        var deltaLink = await store.ReadCheckpointAsync(DeltaLinkKey, cancellationToken).ConfigureAwait(false);
        await foreach (var page in dataverse.ReadChangesAsync(DataverseModel.SalesOrders, OrderRecord.Columns, deltaLink, cancellationToken).ConfigureAwait(false))
        {
            var commit = new Batch();
            foreach (var change in page.Changed)
            {
                tally.Read++;
                seen.Add(change.Id);
                var row = OrderRecord.Parse(change.Id, change.Record);
                var account = row.IsOpen ? await AccountOfAsync(row, snapshot, parents, cancellationToken).ConfigureAwait(false) : null;
                if (account is null)
                {
                    // Closed, or no customer yet: nothing to hold. A stored state is dropped so the order leaves the hold list.
                    if (known.Remove(change.Id))
                    {
                        commit.Forgotten.Add(change.Id);
                    }

                    continue;
                }

                // The amount in the customer's credit currency, converted as the order webhook converts it.
                var customerId = snapshot.CustomerOf(account.Value);
                var credit = customerId is null ? null : snapshot.Credit.Find(customerId);
                var amount = credit is null ? null : OrderAmounts.Resolve(row.Money, credit, snapshot.Currencies);
                var facts = new OrderFacts
                {
                    OrderId = row.Id,
                    Number = row.Number,
                    Name = row.Name,
                    CustomerId = customerId,
                    AccountId = account.Value,
                    OwnerUserId = row.OwnerUserId,
                    Amount = amount?.Value ?? row.Amount ?? 0m,
                    AmountProblem = amount is { IsConverted: false } ? amount.Explanation : null,
                    Row = row,
                };
                Decide(facts, known, releases, snapshot, policy, now, today, commit, tally);
            }

            foreach (var deleted in page.Deleted)
            {
                seen.Add(deleted);
                if (known.Remove(deleted))
                {
                    commit.Forgotten.Add(deleted);
                }
            }

            await CommitAsync(commit, page.DeltaLink, cancellationToken).ConfigureAwait(false);
        }

        // The orders still held that Dynamics did not report: the customer may have paid or been released since.
        var recheck = new Batch();
        // An order held because its amount could not be converted is left as it is: its stored amount is not in the
        // credit currency, and only a change in Dynamics (read above) brings its currency again.
        foreach (var held in known.Values.Where(o => OrderCreditStatuses.IsHeld(o.Status) && !seen.Contains(o.OrderId)
            && !o.Message.Contains(OrderAmounts.CannotConvert, StringComparison.Ordinal)).ToList())
        {
            var facts = new OrderFacts
            {
                OrderId = held.OrderId,
                Number = held.OrderNumber,
                Name = held.Name,
                CustomerId = snapshot.CustomerOf(held.AccountId),
                AccountId = held.AccountId,
                OwnerUserId = held.OwnerId,
                Amount = held.Amount,
            };
            Decide(facts, known, releases, snapshot, policy, now, today, recheck, tally);
        }

        await CommitAsync(recheck, null, cancellationToken).ConfigureAwait(false);

        var (written, notified, quarantined) = await new OrderWritePusher(dataverse, store).PushAsync(cancellationToken).ConfigureAwait(false);
        return new OrderCreditReport(tally.Read, tally.Checked, tally.Held, tally.Released, written, notified, quarantined);
    }

    private void Decide(
        OrderFacts facts,
        Dictionary<Guid, StoredOrderCredit> known,
        Dictionary<Guid, StoredOrderRelease> releases,
        CreditSnapshot snapshot,
        CreditPolicy policy,
        DateTimeOffset now,
        DateOnly today,
        Batch commit,
        Tally tally)
    {
        tally.Checked++;
        known.TryGetValue(facts.OrderId, out var previous);
        releases.TryGetValue(facts.OrderId, out var release);
        var credit = facts.CustomerId is { } customerId ? snapshot.Credit.Find(customerId) : null;
        var customerRelease = facts.CustomerId is { } id ? snapshot.Actions.ActiveRelease(id, today, policy.DefaultReleaseDays) : null;
        var verdict = OrderCreditRules.Decide(facts, previous, credit, policy, customerRelease, release, connectorUserId, now, today);

        commit.Orders.Add(verdict.State);
        if (facts.AmountProblem is { } problem && credit is not null && !string.Equals(previous?.Message, verdict.State.Message, StringComparison.Ordinal))
        {
            commit.Audit.Add(new AuditEvent(now, OrderCreditRules.Actor, "order.unknown-currency", facts.Subject, previous?.Status, verdict.State.Status, problem));
        }

        commit.Audit.AddRange(verdict.Audit);
        known[facts.OrderId] = verdict.State;
        if (verdict.NewRelease is { } given)
        {
            commit.Releases.Add(given);
            releases[facts.OrderId] = given;
        }

        if (verdict.Write)
        {
            commit.Outbox.Add(OrderColumns.For(verdict.State));
        }

        if (verdict.Notice is { } notice)
        {
            if (notice == OrderNoticeKind.Held)
            {
                tally.Held++;
            }
            else
            {
                tally.Released++;
            }

            if (verdict.State.OwnerId is not null)
            {
                commit.Outbox.Add(OrderNotice.For(verdict.State, notice, credit?.CustomerName));
            }
        }
    }

    /// <summary>The account an order is for: its customer, or a contact customer's parent account (read once per pass).</summary>
    private async Task<Guid?> AccountOfAsync(OrderRecord row, CreditSnapshot snapshot, Dictionary<Guid, Guid?> parents, CancellationToken cancellationToken)
    {
        if (row.CustomerId is not { } customer)
        {
            return null;
        }

        if (!string.Equals(row.CustomerTable, "contact", StringComparison.OrdinalIgnoreCase))
        {
            return customer;
        }

        if (snapshot.AccountOfContact(customer) is { } known)
        {
            return known;
        }

        if (!parents.TryGetValue(customer, out var parent))
        {
            // A contact created or moved since the last sync: asked once per pass.
            var contact = await dataverse.ReadByIdAsync(DataverseModel.Contacts, customer, ["_parentcustomerid_value"], cancellationToken).ConfigureAwait(false);
            parent = contact is { } record
                && record.TryGetProperty("_parentcustomerid_value", out var value)
                && Guid.TryParse(value.GetString(), out var id)
                && !(record.TryGetProperty("_parentcustomerid_value@Microsoft.Dynamics.CRM.lookuplogicalname", out var table) && table.GetString() == "contact")
                    ? id
                    : null;
            parents[customer] = parent;
        }

        // A contact with no parent account has no credit account: the unknown-customer policy decides (account id empty).
        return parent ?? Guid.Empty;
    }

    private async Task CommitAsync(Batch batch, string? deltaLink, CancellationToken cancellationToken)
    {
        if (batch.IsEmpty && deltaLink is null)
        {
            return;
        }

        await store.CommitOrderCreditAsync(
            new OrderCreditCommit
            {
                Orders = batch.Orders,
                Forgotten = batch.Forgotten,
                Releases = batch.Releases,
                Audit = batch.Audit,
                Outbox = batch.Outbox,
                DeltaLink = deltaLink is null ? null : new Checkpoint(DeltaLinkKey, deltaLink),
            },
            cancellationToken).ConfigureAwait(false);
    }

    private sealed class Batch
    {
        public List<StoredOrderCredit> Orders { get; } = [];
        public List<Guid> Forgotten { get; } = [];
        public List<StoredOrderRelease> Releases { get; } = [];
        public List<AuditEvent> Audit { get; } = [];
        public List<OutboxItem> Outbox { get; } = [];

        public bool IsEmpty => Orders.Count == 0 && Forgotten.Count == 0 && Releases.Count == 0 && Audit.Count == 0 && Outbox.Count == 0;
    }

    private sealed class Tally
    {
        public int Read { get; set; }
        public int Checked { get; set; }
        public int Held { get; set; }
        public int Released { get; set; }
    }
}
