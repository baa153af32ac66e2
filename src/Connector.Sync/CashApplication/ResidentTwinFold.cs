using Connector.Domain.CashApplication;
using Connector.Domain.Ledger;

namespace Connector.Sync.CashApplication;

/// <summary>
/// <see cref="PaymentTwinFold.Apply"/> kept between the cycles of <c>connector run</c> (decision 138): the ledger folded last
/// time is revised with the accounts whose folded payments differ — the customers whose ledger records changed, and those a
/// pair or hold that appeared, went or now folds differently touches — so a stored twin no longer makes every cycle fold,
/// and evaluate, the whole ledger. Equal to <see cref="PaymentTwinFold.Apply"/> of the ledger now (the reference in its
/// property test). Payments are found by id through an index of each payment's customer, kept up to date from the changed
/// accounts. One caller at a time.
/// </summary>
public sealed class ResidentTwinFold
{
    private ArLedger? raw;
    private ArLedger? folded;
    private Dictionary<string, string>? customerOfPayment;
    private Dictionary<string, Payment>? unassignedById;
    private Effects? last;

    /// <summary>Forgets the last fold: the next one folds the whole ledger.</summary>
    public void Reset()
    {
        raw = null;
        folded = null;
        customerOfPayment = null;
        unassignedById = null;
        last = null;
    }

    /// <summary>The ledger with every pair folded and every held entry left out.</summary>
    /// <param name="ledger">The ERP's ledger now.</param>
    /// <param name="changedCustomers">The customers whose accounts differ from the ledger of the last call (a revision); <c>null</c>: read whole.</param>
    /// <returns>The folded ledger and the customers whose folded accounts differ from the last call's (<c>null</c>: folded whole).</returns>
    public (ArLedger Ledger, IReadOnlyCollection<string>? Changed) Fold(
        ArLedger ledger, IReadOnlyCollection<string>? changedCustomers, IReadOnlyList<TwinPair> pairs, IReadOnlySet<string> held)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(held);
        if (raw is null || folded is null || last is null || changedCustomers is null || customerOfPayment is null || unassignedById is null
            || !ReferenceEquals(raw.UnassignedPayments, ledger.UnassignedPayments) || !ReferenceEquals(raw.Rates, ledger.Rates))
        {
            return (Whole(ledger, pairs, held), null);
        }

        // The payment index follows the changed accounts: every id of the old account out, every id of the new one in.
        foreach (var id in changedCustomers)
        {
            foreach (var payment in raw.Find(id)?.Payments ?? [])
            {
                if (customerOfPayment.TryGetValue(payment.Id, out var owner) && owner == id)
                {
                    customerOfPayment.Remove(payment.Id);
                }
            }
        }

        foreach (var id in changedCustomers)
        {
            foreach (var payment in ledger.Find(id)?.Payments ?? [])
            {
                customerOfPayment[payment.Id] = id;
            }
        }

        var now = Effects.Of(pairs, held, paymentId => Find(ledger, paymentId));
        if (now.None && ReferenceEquals(folded, raw))
        {
            // Nothing folded now, and the last folded ledger was the ledger itself: so is this one.
            (raw, folded, last) = (ledger, ledger, now);
            return (ledger, changedCustomers);
        }

        var affected = new HashSet<string>(changedCustomers, StringComparer.Ordinal);
        var unassignedChanged = false;
        foreach (var paymentId in now.DifferentFrom(last))
        {
            // Where the payment is now and was (its account, or the unknown payers), and where a kept bank entry moves to.
            if (customerOfPayment.TryGetValue(paymentId, out var owner))
            {
                affected.Add(owner);
            }
            else if (unassignedById.ContainsKey(paymentId))
            {
                unassignedChanged = true;
            }

            foreach (var effects in (ReadOnlySpan<Effects>)[now, last])
            {
                if (effects.Replaced.TryGetValue(paymentId, out var replaced) && !string.IsNullOrEmpty(replaced.CustomerId))
                {
                    affected.Add(replaced.CustomerId);
                }
            }
        }

        // Payments of the unknown payers as the fold leaves them, and those a fold gives a known customer, by customer.
        var unassigned = folded.UnassignedPayments;
        var moved = last.Moved;
        if (unassignedChanged)
        {
            (unassigned, moved) = Unassigned(ledger, now);
        }

        now.Moved = moved;
        var content = new List<AccountContent>(affected.Count);
        foreach (var id in affected)
        {
            if (ledger.Find(id) is { } account)
            {
                content.Add(Content(account, now, moved));
            }
        }

        var revised = folded.Revise(content, unassignedChanged ? unassigned : null);
        if (revised is null)
        {
            return (Whole(ledger, pairs, held), null);
        }

        (raw, folded, last) = (ledger, revised, now);
        return (revised, affected);
    }

    private ArLedger Whole(ArLedger ledger, IReadOnlyList<TwinPair> pairs, IReadOnlySet<string> held)
    {
        customerOfPayment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var account in ledger.Accounts)
        {
            foreach (var payment in account.Payments)
            {
                customerOfPayment[payment.Id] = account.Id;
            }
        }

        unassignedById = new Dictionary<string, Payment>(StringComparer.Ordinal);
        foreach (var payment in ledger.UnassignedPayments)
        {
            unassignedById.TryAdd(payment.Id, payment);
        }

        raw = ledger;
        last = Effects.Of(pairs, held, paymentId => Find(ledger, paymentId));
        (_, last.Moved) = Unassigned(ledger, last);
        folded = PaymentTwinFold.Apply(ledger, pairs, held);
        return folded;
    }

    /// <summary>The payment with this id in the ledger now (the first of the unknown payers' with it, as the fold's lookup keeps the last).</summary>
    private Payment? Find(ArLedger ledger, string paymentId)
    {
        if (customerOfPayment!.TryGetValue(paymentId, out var owner))
        {
            // The fold looks payments up by id with the last one of the ledger's order winning: an account's before the unknown payers'.
            if (unassignedById!.TryGetValue(paymentId, out var unknownPayer))
            {
                return unknownPayer;
            }

            Payment? found = null;
            foreach (var payment in ledger.Find(owner)?.Payments ?? [])
            {
                if (payment.Id == paymentId)
                {
                    found = payment;
                }
            }

            return found;
        }

        return unassignedById!.GetValueOrDefault(paymentId);
    }

    /// <summary>The unknown payers' payments the fold keeps, and those it gives a known customer (in the ledger's order), by customer.</summary>
    private static (List<Payment> Unassigned, Dictionary<string, List<Payment>> Moved) Unassigned(ArLedger ledger, Effects effects)
    {
        var unassigned = new List<Payment>();
        var moved = new Dictionary<string, List<Payment>>(StringComparer.Ordinal);
        foreach (var payment in ledger.UnassignedPayments)
        {
            if (effects.Dropped.Contains(payment.Id))
            {
                continue;
            }

            var now = effects.Replaced.GetValueOrDefault(payment.Id) ?? payment;
            if (!string.IsNullOrEmpty(now.CustomerId) && ledger.Find(now.CustomerId) is not null)
            {
                if (!moved.TryGetValue(now.CustomerId, out var list))
                {
                    list = [];
                    moved[now.CustomerId] = list;
                }

                list.Add(now);
            }
            else
            {
                unassigned.Add(now);
            }
        }

        return (unassigned, moved);
    }

    private static AccountContent Content(CustomerAccount account, Effects effects, Dictionary<string, List<Payment>> moved)
    {
        var payments = new List<Payment>(account.Payments.Count);
        foreach (var payment in account.Payments)
        {
            if (!effects.Dropped.Contains(payment.Id))
            {
                payments.Add(effects.Replaced.GetValueOrDefault(payment.Id) ?? payment);
            }
        }

        if (moved.TryGetValue(account.Id, out var arriving))
        {
            payments.AddRange(arriving);
        }

        return new AccountContent(account.Customer, account.Invoices, payments, account.Orders, account.Promises);
    }

    /// <summary>What the fold does to each payment it touches: dropped, or replaced by a folded record.</summary>
    private sealed class Effects
    {
        public HashSet<string> Dropped { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, Payment> Replaced { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, List<Payment>> Moved { get; set; } = new(StringComparer.Ordinal);

        /// <summary>The fold changes no payment.</summary>
        public bool None => Dropped.Count == 0 && Replaced.Count == 0;

        /// <summary>The same steps as <see cref="PaymentTwinFold.Apply"/>, over the pairs only.</summary>
        public static Effects Of(IReadOnlyList<TwinPair> pairs, IReadOnlySet<string> held, Func<string, Payment?> find)
        {
            var effects = new Effects();
            effects.Dropped.UnionWith(held);
            foreach (var pair in pairs)
            {
                if (find(pair.BankPaymentId) is not { } bank || find(pair.ErpPaymentId) is not { } erp)
                {
                    continue;
                }

                if (pair.KeepBank)
                {
                    effects.Dropped.Add(erp.Id);
                    effects.Replaced[bank.Id] = bank with
                    {
                        CustomerId = string.IsNullOrEmpty(bank.CustomerId) ? erp.CustomerId : bank.CustomerId,
                        AppliedAmount = Math.Min(bank.Amount, Math.Max(bank.AppliedAmount, erp.AppliedAmount)),
                    };
                }
                else
                {
                    effects.Dropped.Add(bank.Id);
                    effects.Replaced[erp.Id] = erp with
                    {
                        BankReference = erp.BankReference ?? bank.BankReference,
                        EndToEndId = erp.EndToEndId ?? bank.EndToEndId,
                        PayerName = erp.PayerName ?? bank.PayerName,
                        PayerAccount = erp.PayerAccount ?? bank.PayerAccount,
                        Reference = string.IsNullOrWhiteSpace(erp.Reference) ? bank.Reference : erp.Reference,
                    };
                }
            }

            return effects;
        }

        /// <summary>The payments dropped or replaced differently than by <paramref name="other"/>.</summary>
        public IEnumerable<string> DifferentFrom(Effects other)
        {
            foreach (var id in Dropped)
            {
                if (!other.Dropped.Contains(id))
                {
                    yield return id;
                }
            }

            foreach (var id in other.Dropped)
            {
                if (!Dropped.Contains(id))
                {
                    yield return id;
                }
            }

            foreach (var (id, payment) in Replaced)
            {
                if (!other.Replaced.TryGetValue(id, out var was) || !payment.Equals(was))
                {
                    yield return id;
                }
            }

            foreach (var id in other.Replaced.Keys)
            {
                if (!Replaced.ContainsKey(id))
                {
                    yield return id;
                }
            }
        }
    }
}
