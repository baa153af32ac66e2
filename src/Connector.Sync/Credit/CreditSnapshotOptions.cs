using Connector.Domain.Policies;
using Microsoft.Extensions.Options;

namespace Connector.Sync.Credit;

/// <summary>
/// How instances share the credit snapshot the order webhooks decide from (issue 17): on PostgreSQL each publication is
/// pushed (<c>LISTEN/NOTIFY</c>) and polling catches what a lost connection missed; on SQLite polling is all there is.
/// </summary>
[SettingsSection(SectionName)]
public sealed class CreditSnapshotOptions
{
    public const string SectionName = "CreditSnapshots";

    /// <summary>
    /// How often an instance asks the store for a newer snapshot: on SQLite how late a release reaches the webhooks at
    /// worst, on PostgreSQL only when a notification was lost.
    /// </summary>
    [SettingRange(1, 3600)]
    public int PollSeconds { get; set; } = 5;

    /// <summary>Published versions kept in the store (the newest; the evaluation the newest builds on is always kept too).</summary>
    [SettingRange(2, 100)]
    public int Keep { get; set; } = 5;
}

/// <summary>The validation attributes of <see cref="CreditSnapshotOptions"/>, checked by generated code.</summary>
[OptionsValidator]
public sealed partial class CreditSnapshotOptionsValidator : IValidateOptions<CreditSnapshotOptions>;
