using System.Text.Json;
using Connector.Mapping.Canonical;
using Connector.Mapping.Rows;
using Connector.Mapping.Sources;
using Connector.Mapping.Transforms;

namespace Connector.Mapping.Loading;

/// <summary>
/// Reads and checks one mapping file against the canonical schema, reporting every problem with its
/// position; gives an <see cref="EntityMapping"/> only when the file has none.
/// </summary>
internal sealed class MappingFileReader
{
    public static readonly string EntityNames = string.Join(", ", CanonicalSchema.All.Select(s => s.Name));

    private static readonly string[] Encodings = ["utf-8", "utf-16", "windows-1252", "iso-8859-1"];

    private readonly MappingFileContext context;
    private readonly MappingLoadOptions options;
    private UInt128 identity;

    private MappingFileReader(MappingFileContext context, MappingLoadOptions options)
    {
        this.context = context;
        this.options = options;
    }

    /// <summary>The outcome for one file: the entity it names (for the duplicate check), where, and the mapping when valid.</summary>
    public sealed record Result(CanonicalEntitySchema? Entity, int? Line, int? Column, EntityMapping? Mapping);

    public static Result Read(string file, byte[] utf8, MappingLoadOptions options, List<MappingProblem> problems)
    {
        if (utf8.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            utf8 = utf8[3..];
        }

        var before = problems.Count;
        JsonPositionIndex positions;
        try
        {
            positions = JsonPositionIndex.Build(utf8, (path, at, firstLine) =>
            {
                var parts = path.Split('.');
                var message = parts is ["fields", _]
                    ? $"listed twice in 'fields' (first on line {firstLine})"
                    : $"property '{parts[^1]}' appears twice (first on line {firstLine})";
                problems.Add(new MappingProblem(file, at.Line, at.Column, parts is ["fields", _] ? parts[1] : null, message));
            });
        }
        catch (JsonException e)
        {
            problems.Add(new MappingProblem(file, (int?)e.LineNumber + 1, (int?)e.BytePositionInLine + 1, null, "invalid JSON: " + SyntaxMessage(e)));
            return new Result(null, null, null, null);
        }

        using var document = JsonDocument.Parse(utf8, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var reader = new MappingFileReader(new MappingFileContext(file, positions, problems), options) { identity = Identity(utf8) };
        var (entity, mapping) = reader.ReadRoot(document.RootElement);
        var (line, column) = positions.Find("entity");
        return new Result(entity, line, column, problems.Count == before ? mapping : null);
    }

    /// <summary>
    /// A mapping's identity (decision 139): the file's bytes and this library's build (its module version id, which a deterministic
    /// build changes only with the code — the transforms and canonical forms rows are mapped with).
    /// </summary>
    private static UInt128 Identity(byte[] utf8)
    {
        var hash = new System.IO.Hashing.XxHash128();
        hash.Append(typeof(MappingFileReader).Module.ModuleVersionId.ToByteArray());
        hash.Append(utf8);
        return hash.GetCurrentHashAsUInt128();
    }

    // System.Text.Json appends "LineNumber: 3 | BytePositionInLine: 7." — the problem carries those already.
    private static string SyntaxMessage(JsonException e)
    {
        var message = e.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut < 0 ? message : message[..cut]).Trim();
    }

    private (CanonicalEntitySchema?, EntityMapping?) ReadRoot(JsonElement root)
    {
        if (!context.IsObject(root, string.Empty, null, "a mapping file"))
        {
            return (null, null);
        }

        context.UnknownProperties(root, string.Empty, null, "a mapping file", "$schema", "entity", "source", "key", "headerAliases", "filters", "transforms", "fields", "dataverse");
        var entityName = context.String(root, "entity", string.Empty, null, required: true, "one of " + EntityNames);
        var schema = entityName is null ? null : CanonicalSchema.Find(entityName);
        if (entityName is not null && schema is null)
        {
            context.Report("entity", null, $"unknown entity '{entityName}' (expected one of {EntityNames})");
        }

        var source = ReadSource(root);
        var aliases = ReadAliases(root);
        var filters = ReadFilters(root);
        var chains = TransformListReader.Create(context, root);
        if (schema is null)
        {
            return (null, null);
        }

        var fields = ReadFields(root, schema, chains);
        var keys = ReadKey(root, schema, fields);
        var (table, columns) = ReadDataverse(root, schema);
        if (source is null || fields is null || keys is null)
        {
            return (schema, null);
        }

        return (schema, new EntityMapping(schema, context.File, source, keys, fields, filters, aliases, table, columns, identity));
    }

    private SourceSpec? ReadSource(JsonElement root)
    {
        if (!root.TryGetProperty("source", out var source))
        {
            context.Report(string.Empty, null, "missing 'source' (a 'csv' pattern or an 'sql' query)");
            return null;
        }

        if (!context.IsObject(source, "source", null, "'source'"))
        {
            return null;
        }

        context.UnknownProperties(source, "source", null, "'source'", "csv", "sql");
        var hasCsv = source.TryGetProperty("csv", out var csvElement);
        var hasSql = source.TryGetProperty("sql", out var sqlElement);
        if (!hasCsv && !hasSql)
        {
            context.Report("source", null, "expected 'csv' or 'sql' (or both) in 'source', got neither");
            return null;
        }

        var csv = hasCsv ? ReadCsv(csvElement) : null;
        var sql = hasSql ? ReadSql(sqlElement) : null;
        return (hasCsv && csv is null) || (hasSql && sql is null) ? null : new SourceSpec(csv, sql);
    }

    private CsvSourceSpec? ReadCsv(JsonElement csv)
    {
        const string Path = "source.csv";
        if (!context.IsObject(csv, Path, null, "'csv'"))
        {
            return null;
        }

        var before = context.ProblemCount;
        context.UnknownProperties(csv, Path, null, "'csv'", "pattern", "delimiter", "quote", "encoding", "skipLines");
        var pattern = context.String(csv, "pattern", Path, null, required: true, "a file pattern like OPEN_ITEMS_*.csv");
        if (pattern is { } p && (p.Length == 0 || p.Contains('/', StringComparison.Ordinal) || p.Contains('\\', StringComparison.Ordinal)))
        {
            context.Report(Path + ".pattern", null, $"expected a file-name pattern like OPEN_ITEMS_*.csv (no folders), got '{p}'");
        }

        var delimiter = Character(csv, "delimiter", Path, ',');
        var quote = Character(csv, "quote", Path, '"');
        var encoding = context.String(csv, "encoding", Path, null, required: false)?.ToLowerInvariant() ?? "utf-8";
        if (!Encodings.Contains(encoding, StringComparer.Ordinal))
        {
            context.Report(Path + ".encoding", null, $"unknown encoding '{encoding}' (expected one of {string.Join(", ", Encodings)})");
        }

        var skipLines = context.Integer(csv, "skipLines", Path, null, minimum: 0) ?? 0;
        return context.ProblemCount == before
            ? new CsvSourceSpec { Pattern = pattern!, Delimiter = delimiter, Quote = quote, Encoding = encoding, SkipLines = skipLines }
            : null;
    }

    private char Character(JsonElement parent, string name, string path, char fallback)
    {
        var text = context.String(parent, name, path, null, required: false);
        if (text is null)
        {
            return fallback;
        }

        if (text.Length != 1)
        {
            context.Report(MappingFileContext.Join(path, name), null, $"expected '{name}' to be one character, got '{text}'");
            return fallback;
        }

        return text[0];
    }

    private SqlSourceSpec? ReadSql(JsonElement sql)
    {
        const string Path = "source.sql";
        if (!context.IsObject(sql, Path, null, "'sql'"))
        {
            return null;
        }

        var before = context.ProblemCount;
        context.UnknownProperties(sql, Path, null, "'sql'", "query", "watermarkColumn", "initialWatermark");
        var query = context.String(sql, "query", Path, null, required: true, "a SELECT");
        if (query is { Length: 0 })
        {
            context.Report(Path + ".query", null, "the query is empty");
        }

        var watermark = context.String(sql, "watermarkColumn", Path, null, required: false);
        if (watermark is not null && query is { Length: > 0 } && !query.Contains("@watermark", StringComparison.OrdinalIgnoreCase))
        {
            context.Report(Path + ".query", null, $"with watermarkColumn '{watermark}' the query must use @watermark (like WHERE {watermark} > @watermark ORDER BY {watermark})");
        }

        var initial = context.String(sql, "initialWatermark", Path, null, required: false) ?? string.Empty;
        return context.ProblemCount == before
            ? new SqlSourceSpec { Query = query!, WatermarkColumn = watermark, InitialWatermark = initial }
            : null;
    }

    private Dictionary<string, IReadOnlyList<string>> ReadAliases(JsonElement root)
    {
        var aliases = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        if (!root.TryGetProperty("headerAliases", out var element) || !context.IsObject(element, "headerAliases", null, "'headerAliases'"))
        {
            return aliases;
        }

        foreach (var entry in element.EnumerateObject())
        {
            if (context.StringList(entry.Value, "headerAliases." + entry.Name, null, entry.Name) is { } names)
            {
                aliases.TryAdd(entry.Name.Trim(), names);
            }
        }

        return aliases;
    }

    private List<RowFilter> ReadFilters(JsonElement root)
    {
        var filters = new List<RowFilter>();
        if (!root.TryGetProperty("filters", out var element))
        {
            return filters;
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            context.Report("filters", null, $"expected 'filters' to be a list [ … ], got {MappingFileContext.Kind(element)}");
            return filters;
        }

        var number = 0;
        foreach (var item in element.EnumerateArray())
        {
            var path = $"filters[{number++}]";
            if (context.IsObject(item, path, null, $"filter {number}") && ReadFilter(item, path, number) is { } filter)
            {
                filters.Add(filter);
            }
        }

        return filters;
    }

    private RowFilter? ReadFilter(JsonElement item, string path, int number)
    {
        string[] tests = ["equals", "notEquals", "in", "notIn", "matches", "empty"];
        context.UnknownProperties(item, path, null, $"filter {number}", ["column", "position", .. tests]);
        var column = context.String(item, "column", path, null, required: true, "the source column to test");
        var position = item.TryGetProperty("position", out _) ? context.Integer(item, "position", path, null, minimum: 1) : null;
        var given = tests.Where(t => item.TryGetProperty(t, out _)).ToList();
        if (given.Count != 1)
        {
            context.Report(path, null, given.Count == 0
                ? $"filter {number} needs one test: {string.Join(", ", tests)}"
                : $"filter {number} has {given.Count} tests ({string.Join(", ", given)}); give one per filter (add another filter for the other)");
            return null;
        }

        if (column is null)
        {
            return null;
        }

        var test = given[0];
        RowFilter? filter = test switch
        {
            "equals" or "notEquals" => context.String(item, test, path, null, required: true) is { } value ? new EqualsFilter(number, column, value, test == "notEquals") : null,
            "in" or "notIn" => context.Strings(item, test, path, null) is { } values ? new InFilter(number, column, values, test == "notIn") : null,
            "matches" => TransformReader.Pattern(context, context.String(item, test, path, null, required: true), path + ".matches", null) is { } regex
                ? new MatchesFilter(number, column, regex)
                : null,
            _ => context.Boolean(item, test, path, null) is { } empty ? new EmptyFilter(number, column, empty) : null,
        };
        if (filter is not null)
        {
            filter.Position = position;
        }

        return filter;
    }

    private List<FieldDefinition>? ReadFields(JsonElement root, CanonicalEntitySchema schema, TransformListReader chains)
    {
        if (!root.TryGetProperty("fields", out var element))
        {
            context.Report(string.Empty, null, $"missing 'fields' (how each field of {schema.Name} is made)");
            return null;
        }

        if (!context.IsObject(element, "fields", null, "'fields'"))
        {
            return null;
        }

        var before = context.ProblemCount;
        var fields = new List<FieldDefinition>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in element.EnumerateObject())
        {
            if (!seen.Add(entry.Name))
            {
                continue; // reported by the position index
            }

            var index = schema.IndexOf(entry.Name);
            if (index < 0)
            {
                context.Report("fields." + entry.Name, entry.Name, $"unknown field of {schema.Name} (expected one of {string.Join(", ", schema.Fields.Select(f => f.Name))})");
                continue;
            }

            if (ReadField(entry.Value, "fields." + entry.Name, index, schema.Fields[index], chains) is { } field)
            {
                fields.Add(field);
            }
        }

        foreach (var field in schema.Fields.Where(f => f.Required && !seen.Contains(f.Name)))
        {
            context.Report("fields", field.Name, $"required field of {schema.Name} has no entry in 'fields' (give a column, columns or constant)");
        }

        fields.Sort((a, b) => a.Index.CompareTo(b.Index));
        return context.ProblemCount == before ? fields : null;
    }

    private FieldDefinition? ReadField(JsonElement element, string path, int index, CanonicalField field, TransformListReader chains)
    {
        var name = field.Name;
        if (!context.IsObject(element, path, name, "a field"))
        {
            return null;
        }

        var before = context.ProblemCount;
        context.UnknownProperties(element, path, name, "a field", "column", "columns", "constant", "position", "transforms");
        string[] kinds = ["column", "columns", "constant"];
        var sources = kinds.Where(k => element.TryGetProperty(k, out _)).ToList();
        if (sources.Count != 1)
        {
            context.Report(path, name, sources.Count == 0
                ? "expected one source ('column', 'columns' or 'constant'), got none"
                : $"expected one source ('column', 'columns' or 'constant'), got {string.Join(" and ", sources.Select(s => $"'{s}'"))}");
            return null;
        }

        string? column = null;
        string? constant = null;
        List<string>? columns = null;
        switch (sources[0])
        {
            case "column":
                column = context.String(element, "column", path, name, required: true);
                break;
            case "columns":
                columns = context.Strings(element, "columns", path, name);
                if (columns is { Count: 0 })
                {
                    context.Report(path + ".columns", name, "'columns' is empty: give the columns to join");
                }

                break;
            default:
                constant = TransformReader.ScalarText(element.GetProperty("constant"));
                if (constant is null)
                {
                    context.Report(path + ".constant", name, $"expected 'constant' to be a string, number or true/false, got {MappingFileContext.Kind(element.GetProperty("constant"))}");
                }

                break;
        }

        var position = element.TryGetProperty("position", out _) ? context.Integer(element, "position", path, name, minimum: 1) : null;
        if (position is not null && column is null)
        {
            context.Report(path + ".position", name, "'position' picks one of the columns named by 'column' (a header that names it twice); give it with 'column'");
        }

        var read = ReadTransforms(element, path, field, columns is not null, chains);
        if (context.ProblemCount != before || read is null)
        {
            return null;
        }

        var (transforms, kind) = read.Value;
        string? separator = null;
        if (columns is not null)
        {
            separator = ((ConcatTransform)transforms[0]).Separator;
            transforms.RemoveAt(0);
        }

        var producesCanonical = (kind == ValueKind.Date && field.Type == FieldType.Date) || (kind == ValueKind.Decimal && field.Type == FieldType.Decimal);
        if (constant is not null && transforms.Count == 0
            && !CanonicalValue.TryNormalise(field, isKey: false, isCanonical: false, constant, out _, out var reason))
        {
            context.Report(path + ".constant", name, $"the constant does not fit: {reason}");
            return null;
        }

        return new FieldDefinition(index, field, column, columns, separator, constant, transforms, producesCanonical) { Position = position };
    }

    private (List<Transform> Transforms, ValueKind Kind)? ReadTransforms(JsonElement element, string path, CanonicalField field, bool joinsColumns, TransformListReader chains)
    {
        var name = field.Name;
        var transforms = new List<LocatedTransform>();
        var at = path + ".transforms";
        if (element.TryGetProperty("transforms", out var list))
        {
            if (list.ValueKind != JsonValueKind.Array)
            {
                context.Report(at, name, $"expected 'transforms' to be a list [ … ], got {MappingFileContext.Kind(list)}");
                return null;
            }

            transforms = chains.ReadList(list, at, name);
        }

        if (joinsColumns && (transforms.Count == 0 || transforms[0].Transform is not ConcatTransform))
        {
            context.Report(path + ".columns", name, "a 'columns' field needs 'concat' as its first transform, like { \"concat\": { \"separator\": \"-\" } }");
            return null;
        }

        var kind = CheckTypes(transforms, ValueKind.Text, field, joinsColumns, topLevel: true);
        return ([.. transforms.Select(static t => t.Transform)], kind);
    }

    /// <summary>
    /// Checks that each transform can stand where it is for this field (a <c>sign</c> needs a number before it, a
    /// <c>date</c> only fits a date field …), reporting each problem where the transform is written (in a chain: there,
    /// naming the field that uses it); gives what the value holds after the last one.
    /// </summary>
    private ValueKind CheckTypes(IReadOnlyList<LocatedTransform> steps, ValueKind kind, CanonicalField field, bool joinsColumns, bool topLevel)
    {
        for (var i = 0; i < steps.Count; i++)
        {
            var (transform, at) = steps[i];
            if (TypeProblem(transform, kind, field, topLevel ? i : -1, joinsColumns) is { } problem)
            {
                context.Report(at, field.Name, problem);
            }

            if (transform is WhenTransform conditional)
            {
                var then = conditional.Then.Constant is null ? CheckTypes(conditional.Then.Steps, kind, field, joinsColumns, topLevel: false) : ValueKind.Text;
                var otherwise = conditional.Else is null ? kind : conditional.Else.Constant is null ? CheckTypes(conditional.Else.Steps, kind, field, joinsColumns, topLevel: false) : ValueKind.Text;
                kind = then == otherwise ? then : ValueKind.Text;
            }
            else
            {
                kind = transform.Output(kind);
            }
        }

        return kind;
    }

    /// <summary>Why a transform cannot stand at this place of this field (<paramref name="position"/> -1: inside a <c>when</c>), or <c>null</c>.</summary>
    private static string? TypeProblem(Transform transform, ValueKind kind, CanonicalField field, int position, bool joinsColumns)
    {
        var type = field.Type.ToString().ToLowerInvariant();
        return transform switch
        {
            ConcatTransform when !joinsColumns => "'concat' joins the columns of a 'columns' field; this field reads one column",
            ConcatTransform when position != 0 => "'concat' must be the first transform of a 'columns' field",
            DateTransform when field.Type != FieldType.Date => $"type mismatch: 'date' gives a date but {field.Name} is a {type} field",
            DecimalTransform when field.Type is not (FieldType.Decimal or FieldType.Integer) => $"type mismatch: 'decimal' gives a number but {field.Name} is a {type} field",
            NegateTransform when field.Type != FieldType.Decimal => $"type mismatch: 'negate' gives a number but {field.Name} is a {type} field",
            NegateTransform when kind != ValueKind.Decimal => "type mismatch: 'negate' needs a decimal; put a 'decimal' transform before it",
            SignTransform when field.Type != FieldType.Decimal => $"type mismatch: 'sign' gives a number but {field.Name} is a {type} field",
            SignTransform when kind != ValueKind.Decimal => "type mismatch: 'sign' needs a number; put a 'decimal' transform before it",
            DateShiftTransform shift when field.Type != FieldType.Date => $"type mismatch: '{shift.Name}' gives a date but {field.Name} is a {type} field",
            DateShiftTransform shift when kind != ValueKind.Date => $"type mismatch: '{shift.Name}' needs a date; put a 'date' transform before it",
            LookupTransform when field.Type != FieldType.Text => $"type mismatch: 'lookup' gives a key but {field.Name} is a {type} field",
            _ => null,
        };
    }

    private int[]? ReadKey(JsonElement root, CanonicalEntitySchema schema, List<FieldDefinition>? fields)
    {
        if (!root.TryGetProperty("key", out _))
        {
            return [.. schema.KeyIndexes];
        }

        var names = context.Strings(root, "key", string.Empty, null);
        if (names is null)
        {
            return null;
        }

        if (names.Count == 0)
        {
            context.Report("key", null, "'key' is empty: name the fields that identify a record, or leave 'key' out");
            return null;
        }

        var before = context.ProblemCount;
        var keys = new List<int>();
        for (var i = 0; i < names.Count; i++)
        {
            var index = schema.IndexOf(names[i]);
            if (index < 0)
            {
                context.Report($"key[{i}]", names[i], $"unknown field of {schema.Name} in 'key' (expected one of {string.Join(", ", schema.Fields.Select(f => f.Name))})");
            }
            else if (keys.Contains(index))
            {
                context.Report($"key[{i}]", names[i], "listed twice in 'key'");
            }
            else
            {
                if (fields is not null && !fields.Exists(f => f.Index == index))
                {
                    context.Report($"key[{i}]", names[i], "key field has no entry in 'fields'");
                }

                keys.Add(index);
            }
        }

        return context.ProblemCount == before ? [.. keys] : null;
    }

    private (string? Table, Dictionary<string, string> Columns) ReadDataverse(JsonElement root, CanonicalEntitySchema schema)
    {
        var columns = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!root.TryGetProperty("dataverse", out var element) || !context.IsObject(element, "dataverse", null, "'dataverse'"))
        {
            return (null, columns);
        }

        context.UnknownProperties(element, "dataverse", null, "'dataverse'", "table", "columns");
        var table = context.String(element, "table", "dataverse", null, required: true, "the Dataverse table's logical name");
        if (!element.TryGetProperty("columns", out var map) || !context.IsObject(map, "dataverse.columns", null, "'columns'"))
        {
            return (table, columns);
        }

        foreach (var entry in map.EnumerateObject())
        {
            var path = "dataverse.columns." + entry.Name;
            if (schema.IndexOf(entry.Name) < 0)
            {
                context.Report(path, entry.Name, $"unknown field of {schema.Name} in 'dataverse' (expected one of {string.Join(", ", schema.Fields.Select(f => f.Name))})");
                continue;
            }

            if (entry.Value.ValueKind != JsonValueKind.String || entry.Value.GetString() is not { Length: > 0 } column)
            {
                context.Report(path, entry.Name, $"expected a Dataverse column name, got {MappingFileContext.Kind(entry.Value)}");
                continue;
            }

            if (table is not null && options.DataverseColumns is { } defined && !defined.Contains($"{table}.{column}"))
            {
                context.Report(path, entry.Name, $"Dataverse column '{column}' of table '{table}' is not defined in the solution package");
            }

            columns.TryAdd(entry.Name, column);
        }

        return (table, columns);
    }
}
