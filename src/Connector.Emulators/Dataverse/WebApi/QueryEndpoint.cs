using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Connector.Emulators.Dataverse.Query;
using Connector.Emulators.Dataverse.Records;

namespace Connector.Emulators.Dataverse.WebApi;

/// <summary>
/// GET on an entity set: <c>$select</c>, <c>$filter</c>, <c>$orderby</c>, <c>$top</c>, paging by
/// <c>Prefer: odata.maxpagesize</c> with an opaque <c>@odata.nextLink</c>, and change tracking
/// (<c>Prefer: odata.track-changes</c>, <c>@odata.deltaLink</c>, <c>$deletedEntity</c>), with the restrictions the
/// documentation states (no <c>$skip</c>; no <c>$filter</c>/<c>$orderby</c>/<c>$top</c>/<c>$expand</c> when tracking).
/// </summary>
internal static class QueryEndpoint
{
    public static ApiResponse Query(DataverseEnvironment environment, ApiRequest request, TableState table)
    {
        var query = request.Query;
        foreach (var unsupported in new[] { "$skip", "$apply", "$search" })
        {
            if (query.ContainsKey(unsupported))
            {
                throw new DataverseFaultException(400, ErrorCodes.ODataRequest, $"The query parameter {unsupported} is not supported.");
            }
        }

        if (query.ContainsKey("$expand") && !request.Preferences.TrackChanges)
        {
            throw new DataverseFaultException(400, ErrorCodes.ODataRequest, "The emulator does not support $expand on records; select lookups as _name_value.");
        }

        var preferences = request.Preferences;
        var select = RecordSerializer.ParseSelect(table, query.GetValueOrDefault("$select"));
        var pageSize = Math.Min(preferences.MaxPageSize ?? environment.Options.DefaultPageSize, Preferences.PageSizeLimit);
        var tracking = preferences.TrackChanges || query.ContainsKey("$deltatoken");
        var response = tracking
            ? Changes(environment, request, table, select, pageSize)
            : Rows(environment, request, table, select, pageSize);

        var applied = new List<string>();
        if (preferences.MaxPageSize is not null)
        {
            applied.Add($"odata.maxpagesize={pageSize.ToString(CultureInfo.InvariantCulture)}");
        }

        if (preferences.TrackChanges)
        {
            applied.Add("odata.track-changes");
        }

        if (applied.Count > 0)
        {
            response.WithHeader("Preference-Applied", string.Join(",", applied));
        }

        return response;
    }

    private static ApiResponse Rows(DataverseEnvironment environment, ApiRequest request, TableState table, IReadOnlyList<string>? select, int pageSize)
    {
        var query = request.Query;
        var filter = query.TryGetValue("$filter", out var filterText) && !string.IsNullOrWhiteSpace(filterText)
            ? FilterExpression.Parse(filterText, property => KindOf(table, property))
            : null;
        var order = ParseOrderBy(table, query.GetValueOrDefault("$orderby"));
        var cookie = query.TryGetValue("$skiptoken", out var token) ? PagingCookie.Parse(token) : null;

        // $top limits the whole result; with odata.maxpagesize it is ignored, as documented.
        var limit = pageSize;
        var paged = true;
        if (request.Preferences.MaxPageSize is null && query.TryGetValue("$top", out var topText))
        {
            if (!int.TryParse(topText, NumberStyles.None, CultureInfo.InvariantCulture, out var top))
            {
                throw new DataverseFaultException(400, ErrorCodes.ODataRequest, $"Invalid value '{topText}' for $top query option found.");
            }

            limit = Math.Min(top, pageSize);
            paged = top > pageSize;
        }

        bool Matches(StoredRecord record) => filter is null || filter.Matches(property => RecordSerializer.ValueOf(table, record, property));

        List<StoredRecord> page;
        bool more;
        if (order.Count == 0)
        {
            IEnumerable<Guid> ids = cookie?.LastId is { } last ? table.Order.GetViewBetween(last, MaxGuid).Where(id => id != last) : table.Order;
            page = ids.Select(id => table.Records[id]).Where(Matches).Take(limit + 1).ToList();
        }
        else
        {
            var skip = ((cookie?.PageNumber ?? 1) - 1) * pageSize;
            page = Sort(table, table.Records.Values.Where(Matches), order).Skip(skip).Take(limit + 1).ToList();
        }

        more = page.Count > limit && paged;
        if (page.Count > limit)
        {
            page.RemoveAt(page.Count - 1);
        }

        request.Cost?.AddRecordsRead(page.Count);
        var json = new JsonObject
        {
            ["@odata.context"] = CollectionContext(request, table, select, delta: false),
            ["value"] = new JsonArray(page.Select(r => (JsonNode)RecordSerializer.Serialize(environment, table, r, select, request.Preferences)).ToArray()),
        };
        if (more)
        {
            var next = new PagingCookie((cookie?.PageNumber ?? 1) + 1, page[^1].Id, FirstId: page[0].Id);
            json["@odata.nextLink"] = Link(request, table, "$skiptoken", next.Render(table.Definition.PrimaryIdAttribute));
        }

        return ApiResponse.Json(200, json);
    }

    private static ApiResponse Changes(DataverseEnvironment environment, ApiRequest request, TableState table, IReadOnlyList<string>? select, int pageSize)
    {
        if (!table.Definition.ChangeTrackingEnabled)
        {
            throw new DataverseFaultException(400, ErrorCodes.ChangeTrackingNotEnabled, $"Entity {table.LogicalName} isn't enabled for change tracking.");
        }

        var query = request.Query;
        foreach (var option in new[] { "$filter", "$orderby", "$top", "$expand" })
        {
            if (query.ContainsKey(option))
            {
                throw new DataverseFaultException(400, ErrorCodes.ODataRequest, $"The \"{option}\" query parameter isn't supported when Change Tracking is enabled.");
            }
        }

        var now = environment.Clock.GetUtcNow();
        var from = query.TryGetValue("$deltatoken", out var deltaText) ? DeltaToken.Parse(deltaText, now).Version : 0L;
        var cookie = query.TryGetValue("$skiptoken", out var token) ? PagingCookie.Parse(token) : null;
        var to = cookie?.ToVersion ?? environment.CurrentVersion;
        var after = cookie?.LastVersion ?? from;

        var entries = new List<ChangeEntry>();
        var more = false;
        if (after < to)
        {
            foreach (var version in table.ChangeOrder.GetViewBetween(after + 1, to))
            {
                var entry = table.Changes[version];
                if (entry.Deleted && from == 0)
                {
                    continue; // the first read lists what exists; deletions matter only to a delta
                }

                if (entries.Count == pageSize)
                {
                    more = true;
                    break;
                }

                entries.Add(entry);
            }
        }

        request.Cost?.AddRecordsRead(entries.Count);
        var deletedContext = $"{request.ServiceRoot}$metadata#{table.Definition.EntitySetName}/$deletedEntity";
        var items = entries.Select(entry => entry.Deleted
            ? new JsonObject { ["@odata.context"] = deletedContext, ["id"] = entry.Id.ToString("D"), ["reason"] = "deleted" }
            : RecordSerializer.Serialize(environment, table, table.Records[entry.Id], select, request.Preferences));
        var json = new JsonObject
        {
            ["@odata.context"] = CollectionContext(request, table, select, delta: from > 0),
            ["value"] = new JsonArray(items.Select(i => (JsonNode)i).ToArray()),
        };

        if (more)
        {
            var next = new PagingCookie((cookie?.PageNumber ?? 1) + 1, null, from, to, entries[^1].Version);
            json["@odata.nextLink"] = Link(request, table, "$skiptoken", next.Render(table.Definition.PrimaryIdAttribute));
        }
        else
        {
            var delta = new DeltaToken(to, now);
            json["@odata.deltaLink"] = Link(request, table, "$deltatoken", delta.ToString(), keepDeltaToken: false);
        }

        return ApiResponse.Json(200, json);
    }

    private static readonly Guid MaxGuid = new("ffffffff-ffff-ffff-ffff-ffffffffffff");

    private static PropertyKind KindOf(TableState table, string property)
    {
        if (string.Equals(property, SystemColumns.VersionNumber, StringComparison.Ordinal))
        {
            return PropertyKind.Number;
        }

        if (table.LookupOfValueProperty(property) is not null)
        {
            return PropertyKind.Guid;
        }

        if (table.Columns.TryGetValue(property, out var column) && !TableState.IsLookup(column))
        {
            return PropertyKinds.Of(column.Type);
        }

        throw RecordSerializer.UnknownProperty(table, property);
    }

    private static List<(string Property, bool Descending)> ParseOrderBy(TableState table, string? text)
    {
        var order = new List<(string, bool)>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return order;
        }

        foreach (var item in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = item.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            _ = KindOf(table, parts[0]);
            var descending = parts.Length > 1 && string.Equals(parts[1], "desc", StringComparison.OrdinalIgnoreCase);
            order.Add((parts[0], descending));
        }

        return order;
    }

    private static IEnumerable<StoredRecord> Sort(TableState table, IEnumerable<StoredRecord> records, List<(string Property, bool Descending)> order) =>
        records.Order(Comparer<StoredRecord>.Create((a, b) =>
        {
            foreach (var (property, descending) in order)
            {
                var left = RecordSerializer.ValueOf(table, a, property);
                var right = RecordSerializer.ValueOf(table, b, property);
                var result = (left, right) switch
                {
                    (null, null) => 0,
                    (null, _) => -1,
                    (_, null) => 1,
                    _ => ColumnValues.Compare(left, right) ?? 0,
                };
                if (result != 0)
                {
                    return descending ? -result : result;
                }
            }

            return a.Id.CompareTo(b.Id);
        }));

    private static string CollectionContext(ApiRequest request, TableState table, IReadOnlyList<string>? select, bool delta)
    {
        var context = new StringBuilder($"{request.ServiceRoot}$metadata#{table.Definition.EntitySetName}");
        if (select is not null)
        {
            context.Append('(').AppendJoin(',', select).Append(')');
        }

        return delta ? context.Append("/$delta").ToString() : context.ToString();
    }

    /// <summary>The request's own URL with one token replaced: clients follow it unchanged.</summary>
    private static string Link(ApiRequest request, TableState table, string tokenName, string tokenValue, bool keepDeltaToken = true)
    {
        var parts = request.Query
            .Where(p => p.Key is not ("$skiptoken") && (keepDeltaToken || p.Key != "$deltatoken") && p.Key != tokenName)
            .Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}")
            .Append($"{tokenName}={(tokenName == "$skiptoken" ? PagingCookie.EncodeForLink(tokenValue) : Uri.EscapeDataString(tokenValue))}");
        return $"{request.ServiceRoot}{table.Definition.EntitySetName}?{string.Join("&", parts)}";
    }
}
