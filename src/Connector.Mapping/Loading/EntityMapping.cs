using Connector.Mapping.Canonical;
using Connector.Mapping.Lookups;
using Connector.Mapping.Rows;
using Connector.Mapping.Sources;
using Connector.Mapping.Transforms;

namespace Connector.Mapping.Loading;

/// <summary>
/// One loaded and checked mapping file: where the entity's rows come from and how each canonical field
/// is made. Column names are resolved against a real header by <see cref="Bind"/>, once per file or query.
/// </summary>
public sealed class EntityMapping
{
    private readonly IReadOnlyList<FieldDefinition> fields;
    private readonly IReadOnlyList<RowFilter> filters;
    private readonly IReadOnlyDictionary<string, IReadOnlyList<string>> aliases;
    private readonly int[] keyIndexes;

    internal EntityMapping(
        CanonicalEntitySchema schema,
        string file,
        SourceSpec source,
        int[] keyIndexes,
        IReadOnlyList<FieldDefinition> fields,
        IReadOnlyList<RowFilter> filters,
        IReadOnlyDictionary<string, IReadOnlyList<string>> aliases,
        string? dataverseTable,
        IReadOnlyDictionary<string, string> dataverseColumns)
    {
        Schema = schema;
        File = file;
        Source = source;
        this.keyIndexes = keyIndexes;
        this.fields = fields;
        this.filters = filters;
        this.aliases = aliases;
        DataverseTable = dataverseTable;
        DataverseColumns = dataverseColumns;
        KeyFields = [.. keyIndexes.Select(i => schema.Fields[i].Name)];

        var columns = new List<string>();
        foreach (var name in fields.SelectMany(f => f.Column is { } c ? [c] : f.Columns ?? []).Concat(filters.Select(f => f.Column)))
        {
            if (!columns.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                columns.Add(name);
            }
        }

        SourceColumns = columns;
        Lookups = [.. fields.SelectMany(static f => f.Transforms).OfType<LookupTransform>().Select(static l => (l.Entity.Entity, l.By)).Distinct()];
        FieldSources = [.. fields.Select(static f => (f.Field.Name, f.Constant is { } constant ? $"constant '{constant}'" : f.Column ?? string.Join(" + ", f.Columns ?? [])))];
    }

    public CanonicalEntitySchema Schema { get; }

    /// <summary>The mapping file this came from (for messages).</summary>
    public string File { get; }

    public SourceSpec Source { get; }

    /// <summary>Every source column the mapping reads (fields and filters), as named in the file, each once.</summary>
    public IReadOnlyList<string> SourceColumns { get; }

    /// <summary>The canonical fields that identify a record (the entity's own key unless the file overrides it).</summary>
    public IReadOnlyList<string> KeyFields { get; }

    public string? DataverseTable { get; }

    /// <summary>The (entity, field) pairs the <c>lookup</c> transforms search, so a caller can index them before mapping.</summary>
    public IReadOnlyList<(CanonicalEntity Entity, string Field)> Lookups { get; }

    /// <summary>Each mapped canonical field and where it comes from (<c>Amount</c>, <c>PO Prefix + PO</c>, <c>constant 'EUR'</c>), for previews.</summary>
    public IReadOnlyList<(string Field, string Source)> FieldSources { get; }

    /// <summary>Canonical field → Dataverse column.</summary>
    public IReadOnlyDictionary<string, string> DataverseColumns { get; }

    /// <summary>
    /// Resolves every column the mapping reads against <paramref name="header"/> (ignoring case and surrounding
    /// spaces, trying <c>headerAliases</c>) and compiles the row mapper; or lists the missing columns.
    /// </summary>
    /// <param name="header">The source's column names in order.</param>
    /// <param name="lookup">Finds records by alternate key for <c>lookup</c> transforms (without one, such a field is a row error).</param>
    public BindResult Bind(IReadOnlyList<string> header, IKeyLookup? lookup = null)
    {
        ArgumentNullException.ThrowIfNull(header);
        var positions = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Count; i++)
        {
            positions.TryAdd((header[i] ?? string.Empty).Trim(), i);
        }

        var missing = new List<(string Column, string Use)>();
        int Resolve(string column, string use)
        {
            if (positions.TryGetValue(column.Trim(), out var position))
            {
                return position;
            }

            if (this.aliases.TryGetValue(column.Trim(), out var aliases))
            {
                foreach (var alias in aliases)
                {
                    if (positions.TryGetValue(alias.Trim(), out position))
                    {
                        return position;
                    }
                }
            }

            if (!missing.Exists(m => string.Equals(m.Column, column, StringComparison.OrdinalIgnoreCase)))
            {
                missing.Add((column, use));
            }

            return -1;
        }

        var keys = new HashSet<int>(keyIndexes);
        var plans = new FieldPlan[fields.Count];
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            var use = $"mapped to {Schema.Name}.{field.Field.Name}";
            plans[i] = new FieldPlan
            {
                Index = field.Index,
                Field = field.Field,
                IsKey = keys.Contains(field.Index),
                Column = field.Column is { } column ? Resolve(column, use) : -1,
                Columns = field.Columns is { } columns ? [.. columns.Select(c => Resolve(c, use))] : null,
                Separator = field.Separator ?? string.Empty,
                Constant = field.Constant,
                Transforms = [.. field.Transforms.Select(t => t.Bind(lookup))],
                ProducesCanonical = field.ProducesCanonical,
            };
        }

        var filterColumns = filters.Select(f => Resolve(f.Column, $"used by filter {f.Number}")).ToArray();
        if (missing.Count > 0)
        {
            return new BindResult(null, [.. missing.Select(m => m.Column)]) { Problem = Describe(missing, header) };
        }

        return new BindResult(new RowMapper(Schema, plans, [.. filters], filterColumns, keyIndexes), []);
    }

    private string Describe(List<(string Column, string Use)> missing, IReadOnlyList<string> header)
    {
        var parts = missing.Select(m =>
        {
            var aliases = this.aliases.TryGetValue(m.Column.Trim(), out var names) && names.Count > 0
                ? $", also tried {string.Join(", ", names.Select(n => $"'{n}'"))}"
                : string.Empty;
            return $"no column '{m.Column}' ({m.Use}{aliases})";
        });
        const int Shown = 30;
        var found = header.Count == 0 ? "no columns"
            : string.Join(", ", header.Take(Shown)) + (header.Count > Shown ? ", …" : string.Empty);
        return $"header has {string.Join("; ", parts)}; the header has: {found}";
    }
}
