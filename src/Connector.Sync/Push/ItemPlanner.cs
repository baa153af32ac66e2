using Connector.Domain.Aging;
using Connector.Domain.Ledger;
using Connector.Sync.Ports;

namespace Connector.Sync.Push;

/// <summary>Records of one table to queue, and those held back because their account is not in Dataverse yet.</summary>
/// <param name="Outbox">Changed records to send.</param>
/// <param name="Deferred">Records whose account Dataverse has not accepted (yet): planned again on the next run.</param>
public sealed record PlannedRecords(IReadOnlyList<OutboxItem> Outbox, int Deferred);

/// <summary>
/// The desired state of open items and payments. An item is pushed while it is open, and once sent it keeps being
/// pushed so that paying it turns it to Paid in Dynamics instead of leaving it open or deleting it silently.
/// </summary>
public static class ItemPlanner
{
    private const string AccountNavigation = "arc_AccountId";

    /// <param name="accountsInDataverse">Customer ids whose account Dataverse has accepted: items point at them by alternate key.</param>
    /// <param name="provisional">Invoice id → cash the connector applied that the ERP has not booked yet (already off the open amount); such an item is pushed even when nothing is left open.</param>
    public static PlannedRecords PlanOpenItems(
        ArLedger ledger, DateOnly asOf, IReadOnlySet<string> accountsInDataverse, PushBaseline baseline, IReadOnlyDictionary<string, decimal>? provisional = null)
    {
        var slices = PlanOpenItemsInSlices(ledger, asOf, accountsInDataverse, baseline, int.MaxValue, provisional).ToList();
        return slices.Count == 1 ? slices[0] : new PlannedRecords([.. slices.SelectMany(static s => s.Outbox)], slices.Sum(static s => s.Deferred));
    }

    /// <summary>
    /// <see cref="PlanOpenItems"/> handed out as it goes, in ledger order: a slice once <paramref name="firstSlice"/> records
    /// are to be sent, then twice as many each time, and the rest last (always at least one slice). The push queues and
    /// sends each slice while the next is planned.
    /// </summary>
    /// <param name="provisional">As <see cref="PlanOpenItems"/>'s.</param>
    public static IEnumerable<PlannedRecords> PlanOpenItemsInSlices(
        ArLedger ledger, DateOnly asOf, IReadOnlySet<string> accountsInDataverse, PushBaseline baseline, int firstSlice, IReadOnlyDictionary<string, decimal>? provisional = null)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(accountsInDataverse);
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentOutOfRangeException.ThrowIfLessThan(firstSlice, 1);
        return Slices(ledger, asOf, accountsInDataverse, baseline, firstSlice, provisional);
    }

    private static IEnumerable<PlannedRecords> Slices(
        ArLedger ledger, DateOnly asOf, IReadOnlySet<string> accountsInDataverse, PushBaseline baseline, int firstSlice, IReadOnlyDictionary<string, decimal>? provisional)
    {
        var target = DataverseModel.Target(DataverseModel.OpenItems);
        using var writer = new PayloadWriter();
        var outbox = new List<OutboxItem>();
        var deferred = 0;
        var slice = firstSlice;
        foreach (var account in ledger.Accounts)
        {
            var inDataverse = accountsInDataverse.Contains(account.Id);
            foreach (var invoice in account.Invoices)
            {
                var awaiting = provisional?.GetValueOrDefault(invoice.Id) ?? 0m;
                if (!invoice.IsOpen && awaiting == 0m && !baseline.WasSent(invoice.Id))
                {
                    continue;
                }

                if (!inDataverse)
                {
                    deferred++;
                    continue;
                }

                writer.Begin();
                writer.BindByKey(AccountNavigation, DataverseModel.Accounts, account.Id);
                writer.Choice("arc_documenttype", invoice.IsCreditMemo ? DataverseModel.Choices.DocumentCreditMemo : DataverseModel.Choices.DocumentInvoice);
                writer.Date("arc_documentdate", invoice.DocumentDate);
                writer.Date("arc_duedate", invoice.DueDate);
                writer.Money("arc_amount", invoice.Amount);
                writer.Money("arc_openamount", invoice.IsOpen ? invoice.OpenAmount : 0m);
                writer.Text("arc_currency", invoice.Currency);
                var daysPastDue = invoice.IsOpen ? Math.Max(0, asOf.DayNumber - invoice.DueDate.DayNumber) : 0;
                writer.Integer("arc_dayspastdue", daysPastDue);
                writer.Choice("arc_agingbucket", invoice.IsOpen ? DataverseModel.Choices.AgingBucket(AgingBuckets.Default.IndexOf(daysPastDue)) : null);
                writer.Choice("arc_status", Status(invoice));
                writer.Text("arc_ponumber", invoice.PoNumber);
                writer.Money("arc_provisionalamount", awaiting);
                var item = writer.End(target, invoice.Id);
                if (baseline.NeedsSending(item))
                {
                    outbox.Add(item);
                }
            }

            if (outbox.Count >= slice)
            {
                yield return new PlannedRecords(outbox, deferred);
                outbox = [];
                deferred = 0;
                slice = slice > int.MaxValue / 2 ? int.MaxValue : slice * 2;
            }
        }

        yield return new PlannedRecords(outbox, deferred);
    }

    public static PlannedRecords PlanPayments(ArLedger ledger, IReadOnlySet<string> accountsInDataverse, PushBaseline baseline)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(accountsInDataverse);
        ArgumentNullException.ThrowIfNull(baseline);
        var target = DataverseModel.Target(DataverseModel.Payments);
        using var writer = new PayloadWriter();
        var outbox = new List<OutboxItem>();
        var deferred = 0;
        foreach (var payment in ledger.AllPayments)
        {
            if (payment.CustomerId is { } customerId && !accountsInDataverse.Contains(customerId))
            {
                deferred++;
                continue;
            }

            writer.Begin();
            if (payment.CustomerId is { } account)
            {
                writer.BindByKey(AccountNavigation, DataverseModel.Accounts, account);
            }

            writer.Date("arc_paymentdate", payment.Date);
            writer.Money("arc_amount", payment.Amount);
            writer.Money("arc_appliedamount", payment.AppliedAmount);
            writer.Money("arc_unappliedamount", payment.UnappliedAmount);
            writer.Text("arc_reference", payment.Reference);
            writer.Text("arc_currency", payment.Currency);
            writer.Text("arc_bankreference", payment.BankReference);
            writer.Choice("arc_status", payment.AppliedAmount == 0m
                ? DataverseModel.Choices.PaymentUnapplied
                : payment.UnappliedAmount == 0m ? DataverseModel.Choices.PaymentApplied : DataverseModel.Choices.PaymentPartiallyApplied);
            var item = writer.End(target, payment.Id);
            if (baseline.NeedsSending(item))
            {
                outbox.Add(item);
            }
        }

        return new PlannedRecords(outbox, deferred);
    }

    private static int Status(Invoice invoice) => invoice.Status switch
    {
        ItemStatus.WrittenOff => DataverseModel.Choices.ItemWrittenOff,
        _ when !invoice.IsOpen => DataverseModel.Choices.ItemPaid,
        _ when invoice.Disputed => DataverseModel.Choices.ItemDisputed,
        _ => DataverseModel.Choices.ItemOpen,
    };
}
