using System.Globalization;
using Connector.Emulators.Dataverse;
using Connector.Sync.Cycle;
using Connector.Sync.Push;
using Connector.Worker.Output;

namespace Connector.Worker.Demo;

/// <summary>The demo's Dynamics view: what the cycle pushed, and the held accounts as a sales rep reads them in Dynamics.</summary>
internal static class DemoDataverse
{
    private const int HeldAccountsShown = 5;

    public static IReadOnlyList<ReportSection> Sections(SyncCycleReport report, DataverseEmulator emulator)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(emulator);
        ReportColumn[] columns =
        [
            ReportColumn.Text("table", "Dataverse table"),
            ReportColumn.Number("sent", "Sent"),
            ReportColumn.Number("refused", "Refused"),
            ReportColumn.Number("requests", "Requests"),
            ReportColumn.Number("in_dataverse", "Rows in Dataverse"),
        ];
        var rows = report.Dataverse.Pushed.Select(p => new ReportRow(
        [
            Cell.Of(p.Table.LogicalName),
            Cell.Integer(p.Sent),
            Cell.Integer(p.Quarantined),
            Cell.Integer(p.Requests),
            Cell.Integer(emulator.Environment.Count(p.Table.LogicalName)),
        ])).ToList();
        return [new ReportSection($"Pushed to the Dataverse emulator at {emulator.ApiUrl} (solution imported first)", columns, rows), HeldAccounts(emulator)];
    }

    public static IReadOnlyList<string> Notes(SyncCycleReport report, DataverseEmulator emulator)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(emulator);
        var onHold = emulator.Environment.Records(DataverseModel.Accounts.LogicalName).Count(static a => a.TryGetValue("creditonhold", out var v) && v is true);
        var notes = new List<string>
        {
            $"Dataverse now shows {onHold} of {emulator.Environment.Count(DataverseModel.Accounts.LogicalName)} accounts on credit hold ({report.Dataverse.AuditEvents} holds audited); " +
            $"{report.Dataverse.Requests} requests in all, throttled {emulator.FrontDoor.Stats.Throttled} times.",
        };
        if (report.Dataverse.Deferred > 0)
        {
            notes.Add($"{report.Dataverse.Deferred} open items or payments wait for their account to reach Dataverse.");
        }

        return notes;
    }

    /// <summary>What a sales rep reads on a held account, as Dataverse now holds it.</summary>
    private static ReportSection HeldAccounts(DataverseEmulator emulator)
    {
        ReportColumn[] columns =
        [
            ReportColumn.Text("account", "Account"),
            ReportColumn.Number("credit_limit", "Credit limit"),
            ReportColumn.Number("exposure", "Exposure"),
            ReportColumn.Text("hold_message", "arc_holdmessage (what the sales rep reads)"),
        ];
        var held = emulator.Environment.Records(DataverseModel.Accounts.LogicalName)
            .Where(static a => a.TryGetValue("creditonhold", out var onHold) && onHold is true)
            .OrderByDescending(static a => Number(a, "arc_exposure") ?? 0m)
            .Take(HeldAccountsShown)
            .Select(a => new ReportRow(
            [
                Cell.Of($"{Text(a, "accountnumber")} {Text(a, "name")}"),
                Cell.Of(Number(a, "creditlimit") is { } limit ? limit.ToString("N2", CultureInfo.InvariantCulture) : "no limit"),
                Cell.Of((Number(a, "arc_exposure") ?? 0m).ToString("N2", CultureInfo.InvariantCulture)),
                Cell.Of(Text(a, "arc_holdmessage")),
            ]))
            .ToList();
        return new ReportSection($"Accounts on credit hold in Dynamics, largest exposure first (the first {HeldAccountsShown})", columns, held);
    }

    private static string Text(IReadOnlyDictionary<string, object?> record, string column) =>
        record.TryGetValue(column, out var value) ? Convert.ToString(value, CultureInfo.InvariantCulture) ?? "" : "";

    private static decimal? Number(IReadOnlyDictionary<string, object?> record, string column) =>
        record.TryGetValue(column, out var value) && value is not null ? Convert.ToDecimal(value, CultureInfo.InvariantCulture) : null;
}
