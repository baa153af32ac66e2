using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Connector.Domain.Collections;
using Connector.Domain.Currencies;
using Connector.Domain.Ledger;
using Connector.Worker.Cli;
using Connector.Worker.Output;

namespace Connector.Worker.Collections;

/// <summary>
/// <c>connector collections plan [--from DIR] [--as-of DATE] [--format table|csv|json]</c>: one case per customer
/// with an undisputed overdue balance (level, amount, priority and its factors, collector and why, next action),
/// the collectors' queues and the customers left without a case and why.
/// </summary>
public static class CollectionPlanCommand
{
    public static Command Create(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var from = CommonOptions.From();
        var asOf = CommonOptions.AsOf();
        var format = CommonOptions.Format();
        var command = new Command("plan", "Collection cases by priority, with collector, next action and the skipped customers") { from, asOf, format };
        cli.SetAction(command, async (run, cancellationToken) =>
        {
            if (await run.EvaluateAsync(run.GetValue(from), run.AsOf(asOf), cancellationToken) is not { } evaluation)
            {
                return ExitCodes.UserMustAct;
            }

            var plan = evaluation.Collections;
            foreach (var skipped in plan.Skipped)
            {
                if (skipped.Outcome == CollectionOutcome.NotEvaluable)
                {
                    run.Warn($"no case for customer {skipped.CustomerId}: {skipped.Reason}");
                }
            }

            if (plan.Unassigned.Count > 0)
            {
                run.Warn($"{plan.Unassigned.Count} case(s) have no collector: collectors.csv lists none");
            }

            if (CollectionsReports.NoArManager(plan, evaluation.Policies.Collections) is { } noManager)
            {
                run.Warn(noManager);
            }

            run.Write(ToReport(plan, evaluation.Ledger), run.GetValue(format));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// Three sections. Cases, highest priority first: <c>case_id, customer_id, customer_name, level, level_name, amount,
    /// currency, priority, importance, factors, collector, assignment_reason, assignment, next_action, due_date, state,
    /// description</c>. Queues: <c>assignee_id, name, cases, high, normal, low, amount</c> (company currency). Skipped:
    /// <c>customer_id, customer_name, outcome, reason</c>.
    /// </summary>
    public static Report ToReport(CollectionPlan plan, ArLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(ledger);
        var cases = new List<ReportRow>(plan.Cases.Count);
        foreach (var c in plan.Cases)
        {
            cases.Add(new(
            [
                Cell.Of(c.CaseId),
                Cell.Of(c.CustomerId),
                Cell.Of(c.CustomerName),
                Cell.Integer(c.Level),
                Cell.Of(c.LevelName),
                Cell.Of($"{c.Level} {c.LevelName}"),
                Cell.Money(c.Amount, c.Currency),
                Cell.Of(c.Currency),
                Cell.Integer((long)Math.Round(c.Priority.Score, 0, MidpointRounding.ToEven)),
                Cell.Of(Name(c.Priority.Importance)),
                Cell.Of(FactorsSummary(c)),
                Cell.Of(ShortFactors(c)),
                Cell.Of(c.Assignment?.CollectorId ?? c.NextAction.AssigneeId),
                Cell.Of(Name(c.Assignment?.Reason ?? AssignmentReason.None)),
                Cell.Of($"{c.Assignment?.CollectorId ?? c.NextAction.AssigneeId ?? "none"} ({Name(c.Assignment?.Reason ?? AssignmentReason.None)})"),
                Cell.Of(c.Assignment?.Explanation),
                Cell.Of(Name(c.NextAction.Kind)),
                Cell.Date(c.NextAction.DueDate),
                Cell.Of(Name(c.State)),
                Cell.Of(c.NextAction.Description),
            ]));
        }

        var currency = plan.CompanyCurrency;
        var queues = new List<ReportRow>(plan.Queues.Count + 2);
        foreach (var queue in plan.Queues)
        {
            queues.Add(QueueRow(queue.AssigneeId, queue.Name, queue.Cases, currency, isTotal: false));
        }

        if (plan.Unassigned.Count > 0)
        {
            queues.Add(QueueRow("", "(unassigned)", plan.Unassigned, currency, isTotal: false));
        }

        queues.Add(QueueRow("TOTAL", "All cases", plan.Cases, currency, isTotal: true));

        var skipped = plan.Skipped
            .Select(s => new ReportRow([Cell.Of(s.CustomerId), Cell.Of(ledger.Find(s.CustomerId)?.Customer.Name), Cell.Of(Name(s.Outcome)), Cell.Of(s.Reason)]))
            .ToList();

        return new Report
        {
            Title = $"Collection plan as of {plan.AsOf:yyyy-MM-dd}: {plan.Cases.Count} cases, highest priority first (priority = overdue {currency} × age weight × risk factor + broken-promise boost)",
            Sections =
            [
                new ReportSection(
                    "Cases",
                    [
                        ReportColumn.Text("case_id", "Case") with { MachineOnly = true },
                        ReportColumn.Text("customer_id", "Customer"),
                        ReportColumn.Text("customer_name", "Name"),
                        ReportColumn.Number("level", "Level") with { MachineOnly = true },
                        ReportColumn.Text("level_name", "Level name") with { MachineOnly = true },
                        ReportColumn.Text("level_shown", "Level") with { TableOnly = true },
                        ReportColumn.Number("amount", "Overdue (undisputed)"),
                        ReportColumn.Text("currency", "Cur"),
                        ReportColumn.Number("priority", "Priority"),
                        ReportColumn.Text("importance", "Imp."),
                        ReportColumn.Text("factors", "Score factors") with { MachineOnly = true },
                        ReportColumn.Text("factors_short", "Age × risk (+ promise)") with { TableOnly = true },
                        ReportColumn.Text("collector", "Collector") with { MachineOnly = true },
                        ReportColumn.Text("assignment_reason", "Why") with { MachineOnly = true },
                        ReportColumn.Text("collector_shown", "Collector (why)") with { TableOnly = true },
                        ReportColumn.Text("assignment", "Assignment") with { MachineOnly = true },
                        ReportColumn.Text("next_action", "Action") with { MachineOnly = true },
                        ReportColumn.Text("due_date", "Due"),
                        ReportColumn.Text("state", "State"),
                        ReportColumn.Text("description", "What to do"),
                    ],
                    cases),
                new ReportSection(
                    $"Queues ({currency})",
                    [
                        ReportColumn.Text("assignee_id", "Assignee"),
                        ReportColumn.Text("name", "Name"),
                        ReportColumn.Number("cases", "Cases"),
                        ReportColumn.Number("high", "High"),
                        ReportColumn.Number("normal", "Normal"),
                        ReportColumn.Number("low", "Low"),
                        ReportColumn.Number("amount", "Overdue"),
                    ],
                    queues),
                new ReportSection(
                    "Customers with something overdue but no case",
                    [ReportColumn.Text("customer_id", "Customer"), ReportColumn.Text("customer_name", "Name") with { TableOnly = true }, ReportColumn.Text("outcome", "Why"), ReportColumn.Text("reason", "Reason")],
                    skipped),
            ],
            Json = CollectionPlanJson.From(plan),
        };
    }

    /// <summary>The score's terms in one line: "12,345.67 × 2 (61–90) × 1.25 (C) + 10,000 broken promise".</summary>
    public static string FactorsSummary(CollectionCase collectionCase)
    {
        ArgumentNullException.ThrowIfNull(collectionCase);
        var factors = collectionCase.Priority.Factors;
        if (factors.Count != 4)
        {
            return string.Join("; ", factors.Select(static f => $"{f.Name} {Num(f.Value)}"));
        }

        var boost = factors[3].Value;
        return $"{CurrencyUnits.Format(factors[0].Value, collectionCase.CompanyCurrency)} × age {Num(factors[1].Value)} ({collectionCase.OldestDaysPastDue} days) × risk {Num(factors[2].Value)} ({collectionCase.RiskClass})"
            + (boost == 0m ? "" : $" + {Num(boost)} broken promise");
    }

    /// <summary>The multipliers only, for the table (the amount is in its own column): "4 (215 d) × 1.5 (D) + 10,000".</summary>
    public static string ShortFactors(CollectionCase collectionCase)
    {
        ArgumentNullException.ThrowIfNull(collectionCase);
        var factors = collectionCase.Priority.Factors;
        if (factors.Count != 4)
        {
            return FactorsSummary(collectionCase);
        }

        return $"{Num(factors[1].Value)} ({collectionCase.OldestDaysPastDue} d) × {Num(factors[2].Value)} ({collectionCase.RiskClass})"
            + (factors[3].Value == 0m ? "" : $" + {Num(factors[3].Value)}");
    }

    /// <summary>An enum value as the json shows it: <c>CollectorTask</c> → <c>collector_task</c>.</summary>
    internal static string Name<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    private static ReportRow QueueRow(string id, string name, IReadOnlyList<CollectionCase> cases, string currency, bool isTotal)
    {
        int high = 0, normal = 0, low = 0;
        var amount = 0m;
        foreach (var c in cases)
        {
            amount += c.AmountInCompanyCurrency;
            switch (c.Priority.Importance)
            {
                case Importance.High:
                    high++;
                    break;
                case Importance.Normal:
                    normal++;
                    break;
                default:
                    low++;
                    break;
            }
        }

        return new([Cell.Of(id), Cell.Of(name), Cell.Integer(cases.Count), Cell.Integer(high), Cell.Integer(normal), Cell.Integer(low), Cell.Money(amount, currency)], isTotal);
    }

    private static string Num(decimal value) => value.ToString("#,0.##", CultureInfo.InvariantCulture);
}
