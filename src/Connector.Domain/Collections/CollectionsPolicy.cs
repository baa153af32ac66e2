using Connector.Domain.Ledger;
using Connector.Domain.Policies;

namespace Connector.Domain.Collections;

/// <summary>
/// Configuration section <c>Collections</c>: the dunning ladder (overridable per risk class), the
/// quiet period, promise grace, materiality, the priority score and the assignment rules.
/// </summary>
[SettingsSection(SectionName)]
public sealed class CollectionsPolicy
{
    public const string SectionName = "Collections";

    /// <summary>
    /// The ladder for every risk class without its own. <c>null</c> means <see cref="DefaultLadder"/>:
    /// the configuration binder appends to a pre-filled list, so the default lives outside the property
    /// and a configured ladder replaces it whole.
    /// </summary>
    public List<DunningStep>? Ladder { get; set; }

    /// <summary>Whole ladders per risk class (<c>"D": [...]</c>): a riskier customer can escalate sooner.</summary>
    public Dictionary<string, List<DunningStep>> LadderByRiskClass { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The same email is not sent to a customer twice within this many days.</summary>
    [SettingRange(0, 365)]
    public int QuietPeriodDays { get; set; } = 7;

    /// <summary>Days after a promise's due date before it counts as broken; the case stays paused meanwhile.</summary>
    [SettingRange(0, 365)]
    public int PromiseGraceDays { get; set; } = 2;

    /// <summary>Smallest undisputed overdue amount (company currency) that opens a case.</summary>
    [SettingRange(0d, 1_000_000_000d)]
    public decimal MinimumCaseAmount { get; set; } = 0.01m;

    /// <summary>The risk class assumed for a customer the ERP gives none.</summary>
    [SettingOneOf]
    public RiskClass DefaultRiskClass { get; set; } = RiskClass.B;

    /// <summary>
    /// Who gets manager tasks (level 5, agency, by default). Empty: the task goes to the case's
    /// collector and says that no AR manager is named (the plan warns the administrator).
    /// </summary>
    public string? ArManagerId { get; set; }

    /// <summary>Optional size rule: cases at or above this amount (company currency) go to a senior collector. <c>null</c>: off.</summary>
    [SettingMinimum(0, Exclusive = true, Hint = "or left empty to switch the size rule off")]
    public decimal? SeniorCaseAmount { get; set; }

    /// <summary>The collectors the size rule may choose.</summary>
    public List<string> SeniorCollectorIds { get; set; } = [];

    public CollectionPriorityPolicy Priority { get; set; } = new();

    /// <summary>
    /// A task a collector deleted in Outlook while its case is open is created again at the next sync (true), or left
    /// deleted until the case reaches another level (false).
    /// </summary>
    public bool RecreateDeletedTasks { get; set; } = true;

    /// <summary>
    /// Level 0 courtesy (−3 days, off), 1 reminder (+1, email), 2 call (+15, collector task),
    /// 3 escalate (+30, collector task and email), 4 final notice (+60, collector task, credit hold rule),
    /// 5 agency (+90, task for the AR manager). Each task's importance is its case's priority.
    /// </summary>
    public static List<DunningStep> DefaultLadder() =>
    [
        new() { Level = 0, Name = "Courtesy", Days = -3, Enabled = false, Email = true },
        new() { Level = 1, Name = "Reminder", Days = 1, Email = true },
        new() { Level = 2, Name = "Call", Days = 15, Task = DunningTaskKind.Collector },
        new() { Level = 3, Name = "Escalate", Days = 30, Email = true, Task = DunningTaskKind.Collector },
        new() { Level = 4, Name = "Final notice", Days = 60, Task = DunningTaskKind.Collector, CreditHold = true },
        new() { Level = 5, Name = "Agency", Days = 90, Task = DunningTaskKind.Manager },
    ];

    /// <summary>The ladder that applies to <paramref name="riskClass"/>.</summary>
    public IReadOnlyList<DunningStep> LadderFor(RiskClass riskClass) =>
        LadderByRiskClass is not null && LadderByRiskClass.TryGetValue(riskClass.ToString(), out var own) && own is not null
            ? own
            : Ladder ?? DefaultLadder();
}
