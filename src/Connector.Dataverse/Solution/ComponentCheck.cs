using System.Text.Json;
using Connector.Dataverse.Requests;
using Connector.Dataverse.WebApi;

namespace Connector.Dataverse.Solution;

/// <summary>A package component as an environment has it (<see cref="ComponentCheck.ReadAsync"/>).</summary>
/// <param name="Component">The package's component.</param>
/// <param name="DefaultValue">An environment variable's default value in the environment.</param>
public sealed record LiveComponent(PackageComponent Component, string? DefaultValue);

/// <summary>
/// For <c>connector dataverse check</c>: which of the package's views, forms, charts, dashboard, roles, app and environment
/// variables the environment lacks (one query per kind, by id or unique name), and whether <c>arc_OrderEnforcement</c>'s
/// default agrees with the connector's <c>Credit:OrderEnforcement</c>. <see cref="Compare"/> is pure.
/// </summary>
public static class ComponentCheck
{
    /// <summary>How many ids one query asks for (the <c>$filter</c> stays well under URL limits).</summary>
    private const int IdsPerQuery = 20;

    public static async Task<IReadOnlyList<LiveComponent>> ReadAsync(DataverseClient client, IReadOnlyList<PackageComponent> expected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(expected);
        var live = new List<LiveComponent>();
        foreach (var group in expected.GroupBy(c => (c.EntitySet, c.KeyColumn)))
        {
            foreach (var chunk in group.Chunk(IdsPerQuery))
            {
                var filter = string.Join(" or ", chunk.Select(c => c.KeyColumn.EndsWith("id", StringComparison.Ordinal) ? $"{c.KeyColumn} eq {c.Key}" : $"{c.KeyColumn} eq '{c.Key.Replace("'", "''", StringComparison.Ordinal)}'"));
                var select = group.Key.EntitySet == "environmentvariabledefinitions" ? new[] { group.Key.KeyColumn, "defaultvalue" } : [group.Key.KeyColumn];
                var page = await client.SendAsync(new RetrieveMultipleRequest(group.Key.EntitySet, select, filter), cancellationToken).ConfigureAwait(false);
                foreach (var record in page.Records)
                {
                    var key = record.GetProperty(group.Key.KeyColumn).GetString();
                    var component = chunk.FirstOrDefault(c => string.Equals(c.Key, key, StringComparison.OrdinalIgnoreCase));
                    if (component is not null)
                    {
                        var value = record.TryGetProperty("defaultvalue", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
                        live.Add(new LiveComponent(component, value));
                    }
                }
            }
        }

        return live;
    }

    /// <param name="orderEnforcement">The connector's <c>Credit:OrderEnforcement</c> (Hold or Reject), which the form script reads from <c>arc_OrderEnforcement</c>.</param>
    public static IReadOnlyList<CheckFinding> Compare(string solution, IReadOnlyList<PackageComponent> expected, IReadOnlyList<LiveComponent> live, string orderEnforcement)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(live);
        var findings = new List<CheckFinding>();
        foreach (var component in expected)
        {
            var found = live.FirstOrDefault(l => l.Component == component);
            if (found is null)
            {
                findings.Add(new(CheckFindingKind.MissingComponent, CheckSeverity.Warning, component.EntitySet, component.Key,
                    $"{component.Kind} '{component.Name}' is missing; import the {solution} solution (AR managers and collectors use it; the push works without it)"));
            }
            else if (component.Kind == "environment variable" && component.Key == OrderEnforcementVariable
                && !string.Equals(found.DefaultValue ?? component.DefaultValue, orderEnforcement, StringComparison.OrdinalIgnoreCase))
            {
                findings.Add(new(CheckFindingKind.EnvironmentVariableDiffers, CheckSeverity.Warning, component.EntitySet, component.Key,
                    $"environment variable {OrderEnforcementVariable} is '{found.DefaultValue}' but Credit:OrderEnforcement is '{orderEnforcement}': the order form and the webhook would enforce holds differently; set one to the other"));
            }
        }

        return findings;
    }

    /// <summary>The environment variable the order form script reads.</summary>
    public const string OrderEnforcementVariable = "arc_OrderEnforcement";
}
