using Connector.Domain.Policies;

namespace Connector.Erp;

/// <summary>
/// The <c>Erp</c> configuration section: where the ERP's rows come from. One source kind per installation:
/// a CSV drop folder the ERP exports into, or an SQL database the connector queries. What each kind needs is checked by
/// <see cref="ErpOptionsCrossFieldValidator"/>; the connection string is never shown in messages.
/// </summary>
[SettingsSection(SectionName)]
public sealed class ErpOptions
{
    public const string SectionName = "Erp";

    /// <summary>Long enough for a writer's pause between flushes, short enough that a file copied in by hand is read on the next try.</summary>
    public const int DefaultFileSettleSeconds = 10;

    /// <summary><c>csv</c> (drop folder) or <c>sql</c> (query through <see cref="Provider"/>).</summary>
    [SettingOneOf("csv", "sql")]
    public string Kind { get; set; } = "csv";

    /// <summary>The folder the ERP drops exports into; finished files move to <c>archive/</c> under it.</summary>
    public string DropFolder { get; set; } = "erp-drop";

    /// <summary>
    /// Files written less than this many seconds ago are left for the next run (and said so), so a file the ERP is still
    /// writing, or has paused writing, is not read half-way. Whatever the value, a file that changes while it is read is
    /// never archived: it is left for the next run. 0 only relies on that check (an ERP that writes under another name
    /// and renames the finished file needs no more).
    /// </summary>
    [SettingMinimum(0)]
    public int FileSettleSeconds { get; set; } = DefaultFileSettleSeconds;

    /// <summary><c>sqlite</c>, <c>postgresql</c> or <c>sqlserver</c> (with <see cref="Kind"/> <c>sql</c>).</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>The ADO.NET connection string of the ERP database (with <see cref="Kind"/> <c>sql</c>). Never shown in messages.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>How long one entity's query may run.</summary>
    [SettingRange(1, 86_400)]
    public int CommandTimeoutSeconds { get; set; } = 120;

    /// <summary>
    /// Whether each sync writes the credit hold flags and ERP order credit decisions back to the ERP: CSV files in
    /// <see cref="WritebackFolder"/> (kind <c>csv</c>) or rows in the <c>arc_writeback_*</c> staging tables (kind <c>sql</c>).
    /// </summary>
    public bool Writeback { get; set; } = true;

    /// <summary>Where CSV writeback files go (kind <c>csv</c>); empty: <c>writeback</c> under <see cref="DropFolder"/>.</summary>
    public string WritebackFolder { get; set; } = "";

    /// <summary>The writeback folder as a full path: <see cref="WritebackFolder"/>, or <c>&lt;DropFolder&gt;/writeback</c>.</summary>
    public string ResolvedWritebackFolder => Path.GetFullPath(string.IsNullOrWhiteSpace(WritebackFolder) ? Path.Combine(DropFolder ?? "", "writeback") : WritebackFolder);

    internal bool IsCsv => string.Equals(Kind?.Trim(), "csv", StringComparison.OrdinalIgnoreCase);

    internal bool IsSql => string.Equals(Kind?.Trim(), "sql", StringComparison.OrdinalIgnoreCase);
}
