using Connector.Dataverse.Requests;
using Connector.Dataverse.WebApi;

namespace Connector.Dataverse.Solution;

/// <summary>
/// Compares what the solution package expects with what an environment has, for <c>connector dataverse check</c>:
/// missing tables, columns and keys, keys whose index is not Active, change tracking off where the solution turns it
/// on, and tables without bulk messages. <see cref="ReadAsync"/> reads the environment; <see cref="Compare"/> is pure.
/// </summary>
public static class EnvironmentCheck
{
    /// <summary>Each of the solution's tables as the environment has it; a table it does not have is left out.</summary>
    /// <exception cref="DataverseException">The environment refused a read for another reason than "no such table".</exception>
    public static async Task<IReadOnlyList<LiveTable>> ReadAsync(DataverseClient client, SolutionModel expected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(expected);
        var live = new List<LiveTable>();
        foreach (var table in expected.Tables)
        {
            EntityDefinition definition;
            try
            {
                definition = await client.SendAsync(new RetrieveEntityDefinitionRequest(table.LogicalName), cancellationToken).ConfigureAwait(false);
            }
            catch (DataverseException ex) when (ex.StatusCode == (int)System.Net.HttpStatusCode.NotFound)
            {
                continue;
            }

            var bulk = await client.SendAsync(new ProbeBulkSupportRequest(table.LogicalName), cancellationToken).ConfigureAwait(false);
            live.Add(new LiveTable(
                definition.LogicalName,
                [.. definition.Columns.Select(static c => c.LogicalName)],
                [.. definition.Keys.Select(static k => new LiveKey(k.SchemaName, k.KeyAttributes, k.IndexStatus))],
                definition.ChangeTrackingEnabled,
                bulk));
        }

        return live;
    }

    public static IReadOnlyList<CheckFinding> Compare(SolutionModel expected, IReadOnlyList<LiveTable> live)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(live);
        var findings = new List<CheckFinding>();
        var solution = expected.UniqueName;
        foreach (var table in expected.Tables)
        {
            var actual = live.FirstOrDefault(t => string.Equals(t.LogicalName, table.LogicalName, StringComparison.OrdinalIgnoreCase));
            if (actual is null)
            {
                findings.Add(new(CheckFindingKind.MissingTable, CheckSeverity.Error, table.LogicalName, null,
                    $"{table.LogicalName}: table not found; import the {solution} solution"));
                continue;
            }

            var columns = actual.Columns.ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var column in table.Columns.Where(c => !columns.Contains(c.LogicalName)))
            {
                findings.Add(new(CheckFindingKind.MissingColumn, CheckSeverity.Error, table.LogicalName, column.LogicalName,
                    $"{table.LogicalName}: column {column.LogicalName} is missing; import the {solution} solution (version {expected.Version}) or a later one"));
            }

            foreach (var key in table.Keys)
            {
                Key(findings, table.LogicalName, key, actual, solution);
            }

            if (table.ChangeTrackingEnabled && !actual.ChangeTrackingEnabled)
            {
                findings.Add(new(CheckFindingKind.ChangeTrackingOff, CheckSeverity.Error, table.LogicalName, null,
                    $"{table.LogicalName}: change tracking is off; turn on 'Track changes' for the table (the connector reads changes with delta links)"));
            }

            if (!actual.BulkSupported)
            {
                findings.Add(new(CheckFindingKind.BulkUnsupported, CheckSeverity.Warning, table.LogicalName, null,
                    $"{table.LogicalName}: UpsertMultiple is not supported; the connector will use $batch, which is slower"));
            }
        }

        return findings;
    }

    /// <summary>A key is present when a live key has the same columns, whatever its name: requests address keys by their columns.</summary>
    private static void Key(List<CheckFinding> findings, string table, SolutionKey key, LiveTable actual, string solution)
    {
        var columns = string.Join(", ", key.Attributes);
        var match = actual.Keys.FirstOrDefault(k => SameColumns(k.Attributes, key.Attributes))
            ?? actual.Keys.FirstOrDefault(k => string.Equals(k.SchemaName, key.SchemaName, StringComparison.OrdinalIgnoreCase));
        if (match is null || !SameColumns(match.Attributes, key.Attributes))
        {
            findings.Add(new(CheckFindingKind.MissingKey, CheckSeverity.Error, table, key.SchemaName,
                $"{table}: alternate key {key.SchemaName} ({columns}) is missing; import the {solution} solution"));
            return;
        }

        if (!string.Equals(match.IndexStatus, "Active", StringComparison.OrdinalIgnoreCase))
        {
            var advice = string.Equals(match.IndexStatus, "Failed", StringComparison.OrdinalIgnoreCase)
                ? "its index build failed; remove duplicate values and reactivate the key (ReactivateEntityKey)"
                : "Dataverse is still building its index; wait and check again";
            findings.Add(new(CheckFindingKind.KeyNotActive, CheckSeverity.Error, table, match.SchemaName,
                $"{table}: alternate key {match.SchemaName} ({columns}) is {match.IndexStatus}, not Active: {advice}"));
        }
    }

    private static bool SameColumns(IReadOnlyList<string> left, IReadOnlyList<string> right) =>
        left.Count == right.Count && left.All(l => right.Contains(l, StringComparer.OrdinalIgnoreCase));
}
