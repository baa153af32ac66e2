using System.Globalization;
using Connector.Erp.Sql;

namespace Connector.Erp;

/// <summary>
/// The <c>Erp</c> configuration section: where the ERP's rows come from. One source kind per installation:
/// a CSV drop folder the ERP exports into, or an SQL database the connector queries.
/// </summary>
public sealed class ErpOptions
{
    public const string SectionName = "Erp";

    /// <summary><c>csv</c> (drop folder) or <c>sql</c> (query through <see cref="Provider"/>).</summary>
    public string Kind { get; set; } = "csv";

    /// <summary>The folder the ERP drops exports into; finished files move to <c>archive/</c> under it.</summary>
    public string DropFolder { get; set; } = "erp-drop";

    /// <summary>
    /// Files written less than this many seconds ago are left for the next run, so a file the ERP is still
    /// writing is not read half-way. 0 takes every file.
    /// </summary>
    public int FileSettleSeconds { get; set; }

    /// <summary><c>sqlite</c>, <c>postgresql</c> or <c>sqlserver</c> (with <see cref="Kind"/> <c>sql</c>).</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>The ADO.NET connection string of the ERP database (with <see cref="Kind"/> <c>sql</c>). Never shown in messages.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>How long one entity's query may run.</summary>
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

    /// <summary>Every problem with the settings, one line each naming the setting; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!IsCsv && !IsSql)
        {
            problems.Add($"Erp:Kind must be csv or sql, got '{Kind}'.");
        }

        if (IsCsv)
        {
            if (string.IsNullOrWhiteSpace(DropFolder))
            {
                problems.Add("Erp:DropFolder is required when Erp:Kind is csv.");
            }

            if (FileSettleSeconds < 0)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"Erp:FileSettleSeconds must be 0 or more, got {FileSettleSeconds}."));
            }

            // The drop folder is read without its subfolders, so any other folder (the default is one under it) is never read back as an export.
            if (Writeback && !string.IsNullOrWhiteSpace(DropFolder)
                && string.Equals(Path.TrimEndingDirectorySeparator(ResolvedWritebackFolder), Path.TrimEndingDirectorySeparator(Path.GetFullPath(DropFolder)), OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
            {
                problems.Add("Erp:WritebackFolder must not be the drop folder itself: the CSV source would read the writeback files back as exports (leave it empty for <DropFolder>/writeback).");
            }
        }

        if (IsSql)
        {
            if (SqlProviders.Find(Provider) is null)
            {
                problems.Add($"Erp:Provider must be sqlite, postgresql or sqlserver, got '{Provider}'.");
            }

            if (string.IsNullOrWhiteSpace(ConnectionString))
            {
                problems.Add("Erp:ConnectionString is required when Erp:Kind is sql.");
            }

            if (CommandTimeoutSeconds is < 1 or > 86_400)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"Erp:CommandTimeoutSeconds must be between 1 and 86400, got {CommandTimeoutSeconds}."));
            }
        }

        return problems;
    }
}
