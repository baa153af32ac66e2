using System.CommandLine;
using System.Net;
using Connector.Dataverse.Authentication;
using Connector.Dataverse.Requests;
using Connector.Dataverse.Solution;
using Connector.Dataverse.WebApi;
using Connector.Sync.Ports;
using Connector.Sync.Push;
using Connector.Worker.Cli;
using Connector.Worker.Output;
using Connector.Worker.Solution;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Worker.DataverseAdmin;

/// <summary>
/// <c>connector dataverse check</c>: tells an admin, against the configured environment, what the solution needs that
/// is not there — tables, columns, alternate keys (and whether their index is Active), change tracking, and the views,
/// forms, charts, dashboard, roles, app and environment variable people use — and which tables take the bulk messages. Exit 0 when the environment is ready, 1 when something must be fixed first. With
/// <c>--deep</c> it also compares the rows we pushed with the rows there (exit 1 when some we pushed are missing).
/// </summary>
public static class DataverseCheckCommand
{
    public static Command Create(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var folder = new Option<string?>("--folder") { Description = "The unpacked solution to check against (default: the nearest solution-package/)", HelpName = "DIR" };
        var format = CommonOptions.Format();
        var deep = new Option<bool>("--deep") { Description = "Also compare the rows we pushed (the store's push state) with the rows Dataverse holds, by key: missing and extra per table" };
        var check = new Command("check", "Is the environment ready? Missing columns or keys, key indexes not Active, change tracking, bulk message support") { folder, format, deep };
        cli.SetAction(check, async (run, cancellationToken) =>
        {
            if (SolutionFolder.Locate(run.GetValue(folder)) is not { } source)
            {
                await run.Error.WriteLineAsync($"no '{SolutionPackage.FolderName}' folder found above '{Environment.CurrentDirectory}'; pass --folder DIR".AsMemory(), cancellationToken);
                return ExitCodes.UserMustAct;
            }

            SolutionModel expected;
            try
            {
                expected = SolutionPackage.Load(source);
            }
            catch (SolutionPackageException e)
            {
                await run.Error.WriteLineAsync(e.Message.AsMemory(), cancellationToken);
                return ExitCodes.UserMustAct;
            }

            if (run.Dataverse() is null)
            {
                return ExitCodes.UserMustAct;
            }

            var client = run.DataverseClient();
            IReadOnlyList<LiveTable> live;
            IReadOnlyList<PackageComponent> components;
            IReadOnlyList<LiveComponent> liveComponents;
            try
            {
                components = PackageComponents.Read(source);
                live = await EnvironmentCheck.ReadAsync(client, expected, cancellationToken);
                liveComponents = await ComponentCheck.ReadAsync(client, components, cancellationToken);
            }
            catch (SolutionPackageException e)
            {
                await run.Error.WriteLineAsync(e.Message.AsMemory(), cancellationToken);
                return ExitCodes.UserMustAct;
            }
            catch (Exception ex) when (ex is DataverseException or DataverseAuthenticationException)
            {
                await run.Error.WriteLineAsync($"dataverse check: {ex.Message}".AsMemory(), cancellationToken);
                return ExitCodes.UserMustAct;
            }

            var enforcement = run.EvaluationPolicies().Credit.OrderEnforcement.ToString();
            var findings = EnvironmentCheck.Compare(expected, live)
                .Concat(ComponentCheck.Compare(expected.UniqueName, components, liveComponents, enforcement))
                .ToList();
            var report = ToReport(expected, live, findings, client.ApiBase);
            var ready = !findings.Any(static f => f.Severity == CheckSeverity.Error);
            if (run.GetValue(deep) && ready)
            {
                await using var store = await run.Services.GetRequiredService<IConnectorStoreFactory>().OpenExistingAsync(cancellationToken);
                IReadOnlyList<PushedRowsComparison> rows;
                try
                {
                    rows = store is null ? [] : await PushedRowsCheck.CompareAsync(store, run.Services.GetRequiredService<IDataverse>(), cancellationToken);
                }
                catch (Exception ex) when (ex is DataverseException or DataverseAuthenticationException)
                {
                    await run.Error.WriteLineAsync($"dataverse check --deep: {ex.Message}".AsMemory(), cancellationToken);
                    return ExitCodes.UserMustAct;
                }

                report = DeepCheckReport.Add(report, rows, store is null);
                ready = rows.All(static r => r.Missing.Count == 0);
            }

            run.Write(report, run.GetValue(format));
            return ready ? ExitCodes.Ok : ExitCodes.UserMustAct;
        });
        return new Command("dataverse", "The Dataverse environment the connector pushes to") { check };
    }

    private static Report ToReport(SolutionModel expected, IReadOnlyList<LiveTable> live, IReadOnlyList<CheckFinding> findings, Uri environment)
    {
        ReportColumn[] columns =
        [
            ReportColumn.Text("table", "Table"),
            ReportColumn.Text("present", "Present"),
            ReportColumn.Number("missing_columns", "Missing columns"),
            ReportColumn.Text("keys", "Keys"),
            ReportColumn.Text("change_tracking", "Change tracking"),
            ReportColumn.Text("bulk", "UpsertMultiple"),
        ];
        var rows = expected.Tables.Select(table =>
        {
            var found = live.FirstOrDefault(l => l.LogicalName == table.LogicalName);
            var ofTable = findings.Where(f => f.Table == table.LogicalName).ToList();
            return new ReportRow(
            [
                Cell.Of(table.LogicalName),
                Cell.Of(found is null ? "missing" : "yes"),
                Cell.Integer(ofTable.Count(static f => f.Kind == CheckFindingKind.MissingColumn)),
                Cell.Of(table.Keys.Count == 0 || found is null ? "—" : ofTable.Any(static f => f.Kind is CheckFindingKind.MissingKey or CheckFindingKind.KeyNotActive) ? "not ready" : "Active"),
                Cell.Of(!table.ChangeTrackingEnabled ? "—" : found is { ChangeTrackingEnabled: true } ? "on" : "off"),
                Cell.Of(found is null ? "—" : found.BulkSupported ? "supported" : "not supported ($batch)"),
            ]);
        }).ToList();
        var errors = findings.Count(static f => f.Severity == CheckSeverity.Error);
        return new Report
        {
            Title = errors == 0
                ? $"{environment}: ready for solution {expected.UniqueName} {expected.Version}"
                : $"{environment}: {errors} problems to fix before the connector can push (import solution {expected.UniqueName} {expected.Version})",
            Sections = [new ReportSection(null, columns, rows)],
            Notes = [.. findings.Select(static f => f.ToString())],
        };
    }
}
