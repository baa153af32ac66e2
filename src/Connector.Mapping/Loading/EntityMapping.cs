using System.Globalization;
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
        IReadOnlyDictionary<string, string> dataverseColumns,
        UInt128 identity = default)
    {
        Schema = schema;
        Identity = identity;
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
        var read = fields.SelectMany(static f => (f.Column is { } c ? [c] : f.Columns ?? []).Concat(f.Transforms.SelectMany(ColumnsOf)));
        foreach (var name in read.Concat(filters.Select(f => f.Column)))
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

    /// <summary>
    /// What the mapping is: a hash of the file's bytes and of the build of this library that maps with it (decision 139). A row's
    /// source hash includes it, so a changed mapping file or a new connector build maps every row again.
    /// </summary>
    public UInt128 Identity { get; }

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
    /// spaces, trying <c>headerAliases</c>) and compiles the row mapper; or lists the columns it cannot resolve: missing
    /// ones, and ones the header names more than once (the mapping cannot tell which is meant unless it gives a
    /// <c>position</c>), each a problem of the whole file.
    /// </summary>
    /// <param name="header">The source's column names in order.</param>
    /// <param name="lookup">Finds records by alternate key for <c>lookup</c> transforms (without one, such a field is a row error).</param>
    public BindResult Bind(IReadOnlyList<string> header, IKeyLookup? lookup = null)
    {
        ArgumentNullException.ThrowIfNull(header);
        var positions = new Dictionary<string, List<int>>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Count; i++)
        {
            var name = (header[i] ?? string.Empty).Trim();
            if (!positions.TryGetValue(name, out var at))
            {
                at = [];
                positions.Add(name, at);
            }

            at.Add(i);
        }

        // Every column resolved, in the order the mapping reads them (fields, their transforms, filters): what a source hash covers.
        var read = new List<int>();
        int Read(int position)
        {
            if (!read.Contains(position))
            {
                read.Add(position);
            }

            return position;
        }

        var missing = new List<(string Column, string Use)>();
        var ambiguous = new List<(string Column, string Use, IReadOnlyList<int> At)>();
        var misplaced = new List<(string Column, string Use, int Position)>();
        bool Names(int index, string column) =>
            string.Equals((header[index] ?? string.Empty).Trim(), column.Trim(), StringComparison.OrdinalIgnoreCase)
            || (aliases.TryGetValue(column.Trim(), out var names) && names.Any(n => string.Equals((header[index] ?? string.Empty).Trim(), n.Trim(), StringComparison.OrdinalIgnoreCase)));

        int Resolve(string column, string use, int? position)
        {
            if (position is { } p)
            {
                if (p <= header.Count && Names(p - 1, column))
                {
                    return Read(p - 1);
                }

                misplaced.Add((column, use, p));
                return -1;
            }

            foreach (var name in (IEnumerable<string>)[column, .. aliases.TryGetValue(column.Trim(), out var names) ? names : []])
            {
                if (positions.TryGetValue(name.Trim(), out var at))
                {
                    if (at.Count == 1)
                    {
                        return Read(at[0]);
                    }

                    if (!ambiguous.Exists(a => string.Equals(a.Column, column, StringComparison.OrdinalIgnoreCase)))
                    {
                        ambiguous.Add((column, use, at));
                    }

                    return -1;
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
        var unresolvedKey = false;
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            var use = $"mapped to {Schema.Name}.{field.Field.Name}";
            var problems = missing.Count + ambiguous.Count + misplaced.Count;
            var binding = new TransformBinding(lookup, (column, transform) => Resolve(column, $"read by {transform} for {Schema.Name}.{field.Field.Name}", null));
            plans[i] = new FieldPlan
            {
                Index = field.Index,
                Field = field.Field,
                IsKey = keys.Contains(field.Index),
                Column = field.Column is { } column ? Resolve(column, use, field.Position) : -1,
                Columns = field.Columns is { } columns ? [.. columns.Select(c => Resolve(c, use, null))] : null,
                Separator = field.Separator ?? string.Empty,
                Constant = field.Constant,
                Transforms = [.. field.Transforms.Select(t => t.Bind(binding))],
                ProducesCanonical = field.ProducesCanonical,
            };
            unresolvedKey |= keys.Contains(field.Index) && missing.Count + ambiguous.Count + misplaced.Count > problems;
        }

        var filterColumns = filters.Select(f => Resolve(f.Column, $"used by filter {f.Number}", f.Position)).ToArray();
        if (missing.Count + ambiguous.Count + misplaced.Count > 0)
        {
            // The key may still be readable (a non-key column is missing): each quarantined row then records it.
            var keyReader = unresolvedKey ? null : new RowMapper(Schema, [.. plans.Where(p => p.IsKey)], [], [], keyIndexes);
            return new BindResult(null, [.. missing.Select(m => m.Column)])
            {
                Problem = Describe(missing, ambiguous, misplaced, header),
                AmbiguousColumns = [.. ambiguous.Select(a => a.Column), .. misplaced.Select(m => m.Column)],
                KeyReader = keyReader,
            };
        }

        var mapper = new RowMapper(Schema, plans, [.. filters], filterColumns, keyIndexes, [.. read], Identity);
        return new BindResult(mapper, []) { KeyReader = mapper };
    }

    /// <summary>The source columns a transform reads besides the field's own (<c>addDays</c>' days, <c>sign</c>'s indicator, <c>when</c>'s test).</summary>
    private static IEnumerable<string> ColumnsOf(Transform transform) => transform switch
    {
        DateShiftTransform { SourceColumn: { } column } => [column],
        SignTransform sign => [sign.SourceColumn],
        WhenTransform conditional => (conditional.SourceColumn is { } column ? [column] : Array.Empty<string>())
            .Concat(conditional.Then.Steps.Concat(conditional.Else?.Steps ?? []).SelectMany(static s => ColumnsOf(s.Transform))),
        _ => [],
    };

    private string Describe(
        List<(string Column, string Use)> missing,
        List<(string Column, string Use, IReadOnlyList<int> At)> ambiguous,
        List<(string Column, string Use, int Position)> misplaced,
        IReadOnlyList<string> header)
    {
        var parts = new List<string>();
        foreach (var (column, use, at) in ambiguous)
        {
            var where = string.Join(" and ", at.Select(i => (i + 1).ToString(CultureInfo.InvariantCulture)));
            parts.Add($"column '{column}' twice (columns {where}; {use}), so which one is meant is unknown: rename one in the export, "
                + $"or pick one by position in the mapping (\"column\": \"{column}\", \"position\": {at[0] + 1})");
        }

        foreach (var (column, use, position) in misplaced)
        {
            var actual = position <= header.Count ? $"'{header[position - 1]}'" : "nothing (the header is shorter)";
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{actual} at position {position}, not column '{column}' ({use}, picked by position)"));
        }

        foreach (var (column, use) in missing)
        {
            var also = aliases.TryGetValue(column.Trim(), out var names) && names.Count > 0
                ? $", also tried {string.Join(", ", names.Select(n => $"'{n}'"))}"
                : string.Empty;
            parts.Add($"no column '{column}' ({use}{also})");
        }

        const int Shown = 30;
        var found = header.Count == 0 ? "no columns"
            : string.Join(", ", header.Take(Shown)) + (header.Count > Shown ? ", …" : string.Empty);
        return $"header has {string.Join("; ", parts)}; the header has: {found}";
    }
}
