using System.Globalization;
using Connector.Domain.Aging;
using Connector.Domain.Evaluation;
using Connector.Domain.Ledger;
using Connector.Sync.Clock;
using Connector.Sync.Collections;
using Connector.Sync.Ledger;
using Connector.Sync.Ports;

namespace Connector.Sync.Statements;

/// <summary>
/// Sends each customer's statement of account for a period, at most once (<c>statements send</c> and the monthly
/// schedule). Every customer with a billing contact and something to report (activity in the period or a balance) gets
/// one, as a PDF attached to an email from the shared mailbox, copied as <c>Dunning:Cc</c> says. Graph's <c>sendMail</c>
/// answers 202 with nothing to look the message up by, so each send is claimed in the store before the call and
/// confirmed after it: a claim found unconfirmed (the connector stopped in between) is reported, never sent again by
/// itself. A dry run builds every statement and PDF and sends nothing.
/// </summary>
public sealed class StatementSend
{
    public const string Actor = "connector";

    private readonly IConnectorStoreFactory stores;
    private readonly EvaluationPolicies policies;
    private readonly CompanyClock clock;
    private readonly IStatementPdfWriter pdf;
    private readonly IMailSender? mail;

    /// <param name="mail">Graph's mail; <c>null</c> when Graph is not configured (a dry run still works).</param>
    public StatementSend(IConnectorStoreFactory stores, EvaluationPolicies policies, CompanyClock clock, IStatementPdfWriter pdf, IMailSender? mail = null)
    {
        ArgumentNullException.ThrowIfNull(stores);
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(pdf);
        this.stores = stores;
        this.policies = policies;
        this.clock = clock;
        this.pdf = pdf;
        this.mail = mail;
    }

    /// <summary>Whether Graph is configured, so statements can be sent.</summary>
    public bool CanSend => mail is not null;

    /// <summary>The period a run on <paramref name="today"/> sends by default: the calendar month before.</summary>
    public static StatementPeriod DefaultPeriod(DateOnly today) => StatementPeriod.MonthBefore(today);

    /// <summary>The company's today (the statements' issue date and the default period's reference).</summary>
    public DateOnly Today => clock.Today;

    /// <summary>
    /// Decides, and unless <paramref name="request"/> is a dry run sends, the statements of the period. <c>null</c> when
    /// there is no ledger yet.
    /// </summary>
    /// <exception cref="InvalidOperationException">Not a dry run and Graph or the sender mailbox is not configured.</exception>
    public async Task<StatementSendReport?> RunAsync(StatementSendRequest request, StatementMailSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(settings);
        if (!request.DryRun && (mail is null || settings.SenderMailbox is null || settings.HeldBack is not null))
        {
            throw new InvalidOperationException("Statements cannot be sent: Graph, Dunning:SenderMailbox or the statement settings are not configured.");
        }

        await using var store = request.DryRun
            ? await stores.OpenExistingAsync(cancellationToken).ConfigureAwait(false)
            : await stores.OpenAsync(cancellationToken).ConfigureAwait(false);
        if (store is null)
        {
            return null;
        }

        var ledger = await LedgerLoader.LoadAsync(store, cancellationToken).ConfigureAwait(false);
        if (ledger.Accounts.Count == 0)
        {
            return null;
        }

        var today = clock.Today;
        var period = request.Period ?? DefaultPeriod(today);
        IReadOnlyList<CustomerAccount> accounts = ledger.Accounts;
        if (request.CustomerId is { } only)
        {
            if (ledger.Find(only) is not { } account)
            {
                return new StatementSendReport(period, today, request.DryRun, [])
                {
                    Problem = $"customer '{only}' is not in the ledger ({ledger.Accounts.Count} customers)",
                };
            }

            accounts = [account];
        }

        if (request.Resend && !request.DryRun)
        {
            foreach (var account in accounts)
            {
                await store.ReleaseStatementSendAsync(account.Id, period.Key, Audit("statement.resend", account.Id, period, null, request.By), cancellationToken).ConfigureAwait(false);
            }
        }

        var records = (await store.ReadStatementSendsAsync(period.Key, cancellationToken).ConfigureAwait(false))
            .ToDictionary(static r => r.CustomerId, StringComparer.Ordinal);
        var builder = new StatementOfAccountBuilder(
            string.IsNullOrWhiteSpace(settings.CompanyName) ? "(Dunning:CompanyName not set)" : settings.CompanyName,
            new AgingBuckets(policies.Aging.Bounds),
            settings.Dunning);
        var decisions = new List<StatementDecision>(accounts.Count);
        foreach (var account in accounts.OrderBy(static a => a.Id, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var statement = builder.Build(account, period, today);
            var mailText = RenderMail(statement, settings);
            var decision = Decide(statement, mailText, records.GetValueOrDefault(account.Id), settings, request.Resend && request.DryRun);
            if (decision.Outcome != StatementOutcome.Send)
            {
                decisions.Add(decision);
                continue;
            }

            var file = pdf.Write(statement);
            decision = decision with { PdfBytes = file.Length };
            if (file.Length > MailAttachment.MaxInlineBytes)
            {
                decisions.Add(decision with
                {
                    Outcome = StatementOutcome.Failed,
                    Reason = $"the PDF is {file.Length / 1024} KB; Graph's sendMail takes attachments up to {MailAttachment.MaxInlineBytes / 1024} KB",
                });
                continue;
            }

            decisions.Add(request.DryRun ? decision : await SendAsync(store, statement, file, mailText.HtmlBody, decision, settings, request.By, cancellationToken).ConfigureAwait(false));
        }

        return new StatementSendReport(period, today, request.DryRun, decisions);
    }

    /// <summary>The email's subject and body, rendered once per customer; a broken template fails only this customer's statement.</summary>
    private static MailText RenderMail(StatementOfAccount s, StatementMailSettings settings)
    {
        try
        {
            var (subject, body) = StatementMailComposer.Render(s, settings.Templates);
            return new MailText(subject, body, null);
        }
        catch (DunningTemplateException e)
        {
            return new MailText(StatementMailComposer.Subject(s), "", e.Message);
        }
    }

    private StatementDecision Decide(StatementOfAccount s, MailText mailText, StatementSendRecord? record, StatementMailSettings settings, bool resendPreview)
    {
        var to = s.BillingContacts;
        var templateProblem = mailText.Problem;
        var subject = mailText.Subject;

        var decision = new StatementDecision
        {
            CustomerId = s.CustomerId,
            CustomerName = s.CustomerName,
            Outcome = StatementOutcome.Send,
            Reason = "",
            To = to,
            Cc = settings.Dunning.CcFor(s.CustomerId),
            Subject = subject,
            Currency = s.Currency,
            ClosingBalance = s.ClosingBalance,
            AmountDue = s.AmountDue,
        };
        if (record is not null && !resendPreview)
        {
            return record.State == StatementSendState.Sent
                ? decision with { Outcome = StatementOutcome.AlreadySent, Reason = $"already sent {Day(record.SentAt ?? record.StartedAt)} to {record.Recipients}" }
                : decision with
                {
                    Outcome = StatementOutcome.Uncertain,
                    Reason = $"may have been sent {Day(record.StartedAt)} (the connector stopped before Graph's answer was recorded): check the sender's Sent Items, then `connector statements send --customer {s.CustomerId} --resend` if it did not go",
                };
        }

        if (templateProblem is not null)
        {
            return decision with { Outcome = StatementOutcome.Failed, Reason = $"not sent: {templateProblem}" };
        }

        if (to.Count == 0)
        {
            return decision with { Outcome = StatementOutcome.Skipped, Reason = $"no billing contact: customer {s.CustomerId} has no email address in the ERP" };
        }

        if (s.Lines.Count == 0 && s.OpeningBalance == 0m && s.ClosingBalance == 0m && s.AmountDue == 0m && s.OpenItems.Count == 0)
        {
            return decision with { Outcome = StatementOutcome.Skipped, Reason = $"nothing to report: no activity in {s.Period.Label} and nothing owed" };
        }

        return decision with
        {
            Reason = string.Create(CultureInfo.InvariantCulture, $"{s.Lines.Count} movements in {s.Period.Label}; balance {StatementOfAccountBuilder.Amount(s.ClosingBalance, s.Currency)} {s.Currency} on {Day(s.Period.End)}, {StatementOfAccountBuilder.Amount(s.AmountDue, s.Currency)} {s.Currency} due"),
        };
    }

    private async Task<StatementDecision> SendAsync(
        IConnectorStore store, StatementOfAccount statement, byte[] file, string htmlBody, StatementDecision decision, StatementMailSettings settings, string by, CancellationToken cancellationToken)
    {
        var period = statement.Period;
        var recipients = string.Join("; ", decision.To.Concat(decision.Cc.Select(static c => "cc " + c)));
        var claim = new StatementSendRecord(statement.CustomerId, period.Key, StatementSendState.Sending, recipients, decision.Subject, clock.Now, null);
        if (!await store.TryClaimStatementSendAsync(claim, cancellationToken).ConfigureAwait(false))
        {
            // Another instance (or a run beside this one) claimed it since this run read the records.
            return decision with { Outcome = StatementOutcome.AlreadySent, Reason = "claimed by another run meanwhile" };
        }

        try
        {
            await mail!.SendAsync(StatementMailComposer.Compose(statement, file, settings.SenderMailbox!, decision.To, decision.Cc, decision.Subject, htmlBody), cancellationToken).ConfigureAwait(false);
        }
        catch (TaskBoardException e) when (e.Status is null)
        {
            // No answer: Graph may have accepted it. The claim stays, so it is never sent twice automatically.
            return decision with { Outcome = StatementOutcome.Uncertain, Reason = $"no answer from Graph, it may have been sent ({e.Message}): check the sender's Sent Items" };
        }
        catch (TaskBoardException e)
        {
            // Graph answered that it did not take it (refused, throttled past the retries, a server error): the next run tries again.
            await store.ReleaseStatementSendAsync(statement.CustomerId, period.Key, Audit("statement.failed", statement.CustomerId, period, null, by, e.Message), CancellationToken.None).ConfigureAwait(false);
            return decision with { Outcome = StatementOutcome.Failed, Reason = $"not sent: {e.Message}" };
        }

        var sentAt = clock.Now;
        // Recorded even when the run is being cancelled: the mail went out.
        await store.RecordStatementSentAsync(statement.CustomerId, period.Key, sentAt, Audit("statement.sent", statement.CustomerId, period, recipients, by), CancellationToken.None).ConfigureAwait(false);
        return decision with { Reason = $"sent {Day(sentAt)} to {recipients}" };
    }

    private AuditEvent Audit(string action, string customerId, StatementPeriod period, string? after, string by, string? reason = null) =>
        new(clock.Now, by, action, $"customer:{customerId}", null, after is null ? $"statement {period.Key}" : $"statement {period.Key} to {after}", reason);

    private sealed record MailText(string Subject, string HtmlBody, string? Problem);

    private string Day(DateTimeOffset moment) => clock.DayOf(moment).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>One <c>statements send</c>: the period (default: the month before today), one customer or all, dry run, resend.</summary>
public sealed record StatementSendRequest
{
    public StatementPeriod? Period { get; init; }
    public string? CustomerId { get; init; }
    public bool DryRun { get; init; }

    /// <summary>Forget the record of the customer's statement for the period first (a person checked Sent Items); needs <see cref="CustomerId"/>.</summary>
    public bool Resend { get; init; }

    /// <summary>Who asked (the audit's actor).</summary>
    public string By { get; init; } = StatementSend.Actor;
}
