using Connector.Domain.Policies;
using Connector.Settings;

namespace Connector.Worker.Running;

/// <summary>
/// Configuration section <c>Log</c>: where <c>connector run</c> keeps its rolling JSON log (one file a day,
/// <c>connector-YYYYMMDD.json</c>, the last <see cref="RetainedFiles"/> kept). Other commands log to the console only.
/// </summary>
[SettingsSection(SectionName)]
public sealed class LogFileOptions
{
    public const string SectionName = "Log";

    /// <summary>Days of log kept: two weeks is enough to look back over a missed weekend and the week after it.</summary>
    public const int RetainedFiles = 14;

    private const string Folder = "must name a folder for the worker's log files";

    /// <summary>The folder of the log files (relative to the working directory); created when missing.</summary>
    [SettingRequired(Folder)]
    [SettingFolder(Folder)]
    public string Directory { get; set; } = "logs";

    /// <summary>The file name pattern Serilog's rolling file sink fills in with the date.</summary>
    public string PathPattern => Path.Combine(Directory, "connector-.json");
}
