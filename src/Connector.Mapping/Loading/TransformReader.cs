using System.Text.Json;
using System.Text.RegularExpressions;
using Connector.Mapping.Canonical;
using Connector.Mapping.Transforms;

namespace Connector.Mapping.Loading;

/// <summary>
/// Reads one entry of a field's <c>transforms</c>: a name (<c>"trim"</c>) or an object with one name and
/// its arguments (<c>{ "date": { "formats": ["dd.MM.yyyy"] } }</c>). Every bad name or argument is reported. A
/// <c>{ "use": "chain" }</c> entry is expanded by <see cref="TransformListReader"/>, which also reads <c>when</c>'s branches.
/// </summary>
internal static class TransformReader
{
    /// <summary>The transform names, as in the README and the JSON schema.</summary>
    public static readonly string[] Names =
        [
            "trim", "upper", "lower", "default", "constant", "map", "date", "decimal", "negate", "concat", "substring", "regex", "replace", "lookup",
            "addDays", "addMonths", "sign", "padLeft", "stripLeadingZeros", "when", "use",
        ];

    /// <summary>The tests a <c>when</c> (like a filter) can make; one per <c>when</c>.</summary>
    public static readonly string[] Tests = ["equals", "notEquals", "in", "notIn", "matches", "empty"];

    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    public static Transform? Read(MappingFileContext context, JsonElement element, string path, string? field, TransformListReader lists)
    {
        string name;
        JsonElement? arguments = null;
        if (element.ValueKind == JsonValueKind.String)
        {
            name = element.GetString()!;
        }
        else if (element.ValueKind == JsonValueKind.Object && element.EnumerateObject().Count() == 1)
        {
            var property = element.EnumerateObject().First();
            name = property.Name;
            arguments = property.Value;
            path = MappingFileContext.Join(path, name);
        }
        else
        {
            context.Report(path, field, $"expected a transform name (\"trim\") or an object with one transform ({{ \"date\": {{ … }} }}), got {Describe(element)}");
            return null;
        }

        if (!Names.Contains(name, StringComparer.Ordinal))
        {
            context.Report(path, field, $"unknown transform '{name}' (expected one of {string.Join(", ", Names)})");
            return null;
        }

        return name switch
        {
            "trim" => NoArguments(context, TrimTransform.Instance, arguments, path, field),
            "upper" => NoArguments(context, UpperTransform.Instance, arguments, path, field),
            "lower" => NoArguments(context, LowerTransform.Instance, arguments, path, field),
            "negate" => NoArguments(context, NegateTransform.Instance, arguments, path, field),
            "stripLeadingZeros" => NoArguments(context, StripLeadingZerosTransform.Instance, arguments, path, field),
            "addDays" => Shift(context, DateUnit.Days, arguments, path, field),
            "addMonths" => Shift(context, DateUnit.Months, arguments, path, field),
            "use" => Use(context, path, field),
            "default" => Value(context, arguments, path, field, name) is { } value ? new DefaultTransform(value) : null,
            "constant" => Value(context, arguments, path, field, name) is { } value ? new ConstantTransform(value) : null,
            "concat" => Concat(context, arguments, path, field),
            _ when arguments is null => NeedsArguments(context, name, path, field),
            _ when !context.IsObject(arguments.Value, path, field, $"the arguments of '{name}'") => null,
            "map" => Map(context, arguments.Value, path, field),
            "date" => Date(context, arguments.Value, path, field),
            "decimal" => Decimal(context, arguments.Value, path, field),
            "substring" => Substring(context, arguments.Value, path, field),
            "regex" => RegexExtract(context, arguments.Value, path, field),
            "replace" => Replace(context, arguments.Value, path, field),
            "lookup" => Lookup(context, arguments.Value, path, field),
            "sign" => Sign(context, arguments.Value, path, field),
            "padLeft" => PadLeft(context, arguments.Value, path, field),
            "when" => When(context, arguments.Value, path, field, lists),
            _ => null,
        };
    }

    private static string Describe(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object ? $"an object with {element.EnumerateObject().Count()} properties" : MappingFileContext.Kind(element);

    private static Transform? NoArguments(MappingFileContext context, Transform transform, JsonElement? arguments, string path, string? field)
    {
        if (arguments is { } value && !(value.ValueKind == JsonValueKind.Object && !value.EnumerateObject().Any()) && value.ValueKind != JsonValueKind.True)
        {
            context.Report(path, field, $"'{transform.Name}' takes no arguments; write \"{transform.Name}\"");
            return null;
        }

        return transform;
    }

    private static Transform? NeedsArguments(MappingFileContext context, string name, string path, string? field)
    {
        var example = name switch
        {
            "map" => "{ \"map\": { \"values\": { \"RV\": \"invoice\" }, \"unmapped\": \"error\" } }",
            "date" => "{ \"date\": { \"formats\": [\"dd.MM.yyyy\"], \"culture\": \"de-DE\" } }",
            "decimal" => "{ \"decimal\": { \"culture\": \"de-DE\", \"thousands\": true } }",
            "substring" => "{ \"substring\": { \"start\": 0, \"length\": 10 } }",
            "regex" => "{ \"regex\": { \"pattern\": \"INV-(\\\\d+)\" } }",
            "replace" => "{ \"replace\": { \"find\": \" \", \"with\": \"\" } }",
            "sign" => "{ \"sign\": { \"column\": \"SHKZG\", \"negative\": \"H\", \"positive\": \"S\" } }",
            "padLeft" => "{ \"padLeft\": { \"length\": 10 } }",
            "when" => "{ \"when\": { \"column\": \"SHKZG\", \"equals\": \"H\", \"then\": \"credit_memo\", \"else\": \"invoice\" } }",
            _ => "{ \"lookup\": { \"entity\": \"customers\", \"by\": \"email\" } }",
        };
        context.Report(path, field, $"'{name}' needs arguments, like {example}");
        return null;
    }

    private static string? Value(MappingFileContext context, JsonElement? arguments, string path, string? field, string name)
    {
        if (arguments is { } value && ScalarText(value) is { } text)
        {
            return text;
        }

        context.Report(path, field, $"'{name}' needs a value, like {{ \"{name}\": \"EUR\" }}");
        return null;
    }

    /// <summary>The text of a string, number or boolean (so <c>"constant": 30</c> works), else <c>null</c>.</summary>
    public static string? ScalarText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    // A "use" that reaches here stands where a chain cannot be expanded (the list reader expands every other one).
    private static Transform? Use(MappingFileContext context, string path, string? field)
    {
        context.Report(path, field, "'use' names a transform chain of the top-level 'transforms', like { \"use\": \"sapAmount\" }");
        return null;
    }

    private static DateShiftTransform? Shift(MappingFileContext context, DateUnit unit, JsonElement? arguments, string path, string? field)
    {
        var name = unit == DateUnit.Days ? "addDays" : "addMonths";
        var what = unit == DateUnit.Days ? "days" : "months";
        if (arguments is { ValueKind: JsonValueKind.Number } number)
        {
            if (number.TryGetInt32(out var constant))
            {
                return new DateShiftTransform(unit, constant, null, null);
            }

            context.Report(path, field, $"expected a whole number of {what} for '{name}', got {number.GetRawText()}");
            return null;
        }

        if (arguments is not { ValueKind: JsonValueKind.Object } value)
        {
            context.Report(path, field, $"'{name}' needs a number of {what} ({{ \"{name}\": 30 }}) or a column that holds it ({{ \"{name}\": {{ \"column\": \"ZBD1T\" }} }}), got {(arguments is { } a ? MappingFileContext.Kind(a) : "nothing")}");
            return null;
        }

        var before = context.ProblemCount;
        context.UnknownProperties(value, path, field, $"'{name}'", "column", "default");
        var column = context.String(value, "column", path, field, required: true, $"the column holding the {what}, like ZBD1T");
        int? fallback = null;
        if (value.TryGetProperty("default", out var given))
        {
            if (given.ValueKind == JsonValueKind.Number && given.TryGetInt32(out var whole))
            {
                fallback = whole;
            }
            else
            {
                context.Report(MappingFileContext.Join(path, "default"), field, $"expected 'default' to be a whole number of {what} (used when the column is empty), got {MappingFileContext.Kind(given)}");
            }
        }

        return context.ProblemCount == before ? new DateShiftTransform(unit, 0, column, fallback) : null;
    }

    private static SignTransform? Sign(MappingFileContext context, JsonElement arguments, string path, string? field)
    {
        var before = context.ProblemCount;
        context.UnknownProperties(arguments, path, field, "'sign'", "column", "negative", "positive");
        var column = context.String(arguments, "column", path, field, required: true, "the indicator column, like SHKZG");
        var negative = Indicators(context, arguments, "negative", "H", path, field);
        var positive = Indicators(context, arguments, "positive", "S", path, field);
        if (negative is not null && positive is not null && negative.Intersect(positive, StringComparer.Ordinal).FirstOrDefault() is { } both)
        {
            context.Report(path, field, $"indicator '{both}' is listed as both negative and positive");
        }

        return context.ProblemCount == before ? new SignTransform(column!, negative!, positive!) : null;
    }

    private static List<string>? Indicators(MappingFileContext context, JsonElement arguments, string name, string example, string path, string? field)
    {
        if (!arguments.TryGetProperty(name, out _))
        {
            context.Report(path, field, $"missing '{name}' (the indicator values for a {name} amount, like \"{example}\" or [\"{example}\"])");
            return null;
        }

        var values = context.Strings(arguments, name, path, field);
        if (values is { Count: 0 })
        {
            context.Report(MappingFileContext.Join(path, name), field, $"'{name}' is empty: give the indicator values, like \"{example}\"");
            return null;
        }

        return values?.Select(static v => v.Trim()).ToList();
    }

    private static PadLeftTransform? PadLeft(MappingFileContext context, JsonElement arguments, string path, string? field)
    {
        var before = context.ProblemCount;
        context.UnknownProperties(arguments, path, field, "'padLeft'", "length", "char", "digitsOnly");
        var length = context.Integer(arguments, "length", path, field, minimum: 1);
        if (length is null && !arguments.TryGetProperty("length", out _))
        {
            context.Report(path, field, "'padLeft' needs 'length' (the length to fill up to, like 10)");
        }

        var with = context.String(arguments, "char", path, field, required: false) ?? "0";
        if (with.Length != 1)
        {
            context.Report(MappingFileContext.Join(path, "char"), field, $"expected 'char' to be one character, got '{with}'");
        }

        var digitsOnly = context.Boolean(arguments, "digitsOnly", path, field) ?? false;
        return context.ProblemCount == before ? new PadLeftTransform(length!.Value, with[0], digitsOnly) : null;
    }

    private static WhenTransform? When(MappingFileContext context, JsonElement arguments, string path, string? field, TransformListReader lists)
    {
        var before = context.ProblemCount;
        context.UnknownProperties(arguments, path, field, "'when'", ["column", .. Tests, "then", "else"]);
        var column = context.String(arguments, "column", path, field, required: false);
        var given = Tests.Where(t => arguments.TryGetProperty(t, out _)).ToList();
        WhenTest? test = null;
        if (given.Count != 1)
        {
            context.Report(path, field, given.Count == 0
                ? $"'when' needs one test: {string.Join(", ", Tests)}"
                : $"'when' has {given.Count} tests ({string.Join(", ", given)}); give one (nest another 'when' in 'then' or 'else' for more)");
        }
        else
        {
            var kind = given[0];
            test = kind switch
            {
                "equals" or "notEquals" => context.String(arguments, kind, path, field, required: true) is { } one ? new WhenTest(kind, [one], null, null) : null,
                "in" or "notIn" => context.Strings(arguments, kind, path, field) is { } many ? new WhenTest(kind, many, null, null) : null,
                "matches" => Pattern(context, context.String(arguments, kind, path, field, required: true), MappingFileContext.Join(path, kind), field) is { } regex
                    ? new WhenTest(kind, [], regex, null)
                    : null,
                _ => context.Boolean(arguments, kind, path, field) is { } empty ? new WhenTest(kind, [], null, empty) : null,
            };
        }

        var then = Branch(context, arguments, "then", path, field, lists);
        if (!arguments.TryGetProperty("then", out _))
        {
            context.Report(path, field, "'when' needs 'then': a value (\"credit_memo\") or a list of transforms");
        }

        var otherwise = arguments.TryGetProperty("else", out _) ? Branch(context, arguments, "else", path, field, lists) : null;
        return context.ProblemCount == before && test is not null && then is not null ? new WhenTransform(column, test, then, otherwise) : null;
    }

    private static WhenBranch? Branch(MappingFileContext context, JsonElement arguments, string name, string path, string? field, TransformListReader lists)
    {
        if (!arguments.TryGetProperty(name, out var element))
        {
            return null;
        }

        var at = MappingFileContext.Join(path, name);
        if (ScalarText(element) is { } constant)
        {
            return new WhenBranch(constant, []);
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            context.Report(at, field, $"expected '{name}' to be a value or a list of transforms [ … ], got {MappingFileContext.Kind(element)}");
            return null;
        }

        return new WhenBranch(null, lists.ReadList(element, at, field));
    }

    private static ConcatTransform? Concat(MappingFileContext context, JsonElement? arguments, string path, string? field)
    {
        if (arguments is not { } value)
        {
            return new ConcatTransform(string.Empty);
        }

        if (!context.IsObject(value, path, field, "the arguments of 'concat'"))
        {
            return null;
        }

        context.UnknownProperties(value, path, field, "'concat'", "separator");
        return new ConcatTransform(context.String(value, "separator", path, field, required: false) ?? string.Empty);
    }

    private static MapTransform? Map(MappingFileContext context, JsonElement arguments, string path, string? field)
    {
        var before = context.ProblemCount;
        context.UnknownProperties(arguments, path, field, "'map'", "values", "unmapped", "default", "ignoreCase");
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!arguments.TryGetProperty("values", out var map))
        {
            context.Report(path, field, "a value map needs 'values' { \"from\": \"to\" }");
        }
        else if (context.IsObject(map, MappingFileContext.Join(path, "values"), field, "'values'"))
        {
            foreach (var entry in map.EnumerateObject())
            {
                if (ScalarText(entry.Value) is { } to)
                {
                    values.TryAdd(entry.Name, to);
                }
                else
                {
                    context.Report($"{path}.values.{entry.Name}", field, $"expected the value for '{entry.Name}' to be a string, got {MappingFileContext.Kind(entry.Value)}");
                }
            }
        }

        var ignoreCase = context.Boolean(arguments, "ignoreCase", path, field) ?? false;
        if (ignoreCase && values.Keys.GroupBy(k => k, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } clash)
        {
            context.Report(MappingFileContext.Join(path, "values"), field, $"with ignoreCase, '{string.Join("' and '", clash)}' are the same entry");
        }

        var fallback = context.String(arguments, "default", path, field, required: false);
        var policyText = context.String(arguments, "unmapped", path, field, required: false);
        UnmappedPolicy policy = UnmappedPolicy.Error;
        switch (policyText)
        {
            case null when !arguments.TryGetProperty("unmapped", out _):
                context.Report(path, field, "a value map needs an 'unmapped' policy: \"error\", \"default\" or \"empty\" (what to do with a value the map does not list)");
                break;
            case "error":
                policy = UnmappedPolicy.Error;
                break;
            case "default":
                policy = UnmappedPolicy.Default;
                if (fallback is null)
                {
                    context.Report(MappingFileContext.Join(path, "unmapped"), field, "unmapped: \"default\" needs a 'default' value");
                }

                break;
            case "empty":
                policy = UnmappedPolicy.Empty;
                break;
            case not null:
                context.Report(MappingFileContext.Join(path, "unmapped"), field, $"unknown unmapped policy '{policyText}' (expected error, default or empty)");
                break;
            default:
                break;
        }

        if (fallback is not null && policy != UnmappedPolicy.Default && policyText is not null)
        {
            context.Report(MappingFileContext.Join(path, "default"), field, $"'default' is only used with unmapped: \"default\" (this map says \"{policyText}\")");
        }

        return context.ProblemCount == before ? new MapTransform(values, policy, fallback, ignoreCase) : null;
    }

    private static DateTransform? Date(MappingFileContext context, JsonElement arguments, string path, string? field)
    {
        var before = context.ProblemCount;
        context.UnknownProperties(arguments, path, field, "'date'", "formats", "culture");
        var culture = context.Culture(arguments, path, field);
        var formats = context.Strings(arguments, "formats", path, field);
        if (formats is null && !arguments.TryGetProperty("formats", out _))
        {
            context.Report(path, field, "'date' needs 'formats', like [\"dd.MM.yyyy\"]");
        }
        else if (formats is { Count: 0 })
        {
            context.Report(MappingFileContext.Join(path, "formats"), field, "'formats' is empty: give at least one, like \"dd.MM.yyyy\"");
        }
        else if (formats is not null && culture is not null)
        {
            for (var i = 0; i < formats.Count; i++)
            {
                if (DateTransform.CheckFormat(formats[i], culture) is { } problem)
                {
                    context.Report($"{path}.formats[{i}]", field, problem);
                }
            }
        }

        return context.ProblemCount == before ? new DateTransform(formats!, culture!) : null;
    }

    private static DecimalTransform? Decimal(MappingFileContext context, JsonElement arguments, string path, string? field)
    {
        var before = context.ProblemCount;
        context.UnknownProperties(arguments, path, field, "'decimal'", "culture", "thousands", "parentheses", "currencySymbol");
        var culture = context.Culture(arguments, path, field);
        var thousands = context.Boolean(arguments, "thousands", path, field) ?? false;
        var parentheses = context.Boolean(arguments, "parentheses", path, field) ?? false;
        var currencySymbol = context.Boolean(arguments, "currencySymbol", path, field) ?? false;
        return context.ProblemCount == before ? new DecimalTransform(culture!, thousands, parentheses, currencySymbol) : null;
    }

    private static SubstringTransform? Substring(MappingFileContext context, JsonElement arguments, string path, string? field)
    {
        var before = context.ProblemCount;
        context.UnknownProperties(arguments, path, field, "'substring'", "start", "length");
        var start = context.Integer(arguments, "start", path, field, minimum: 0);
        if (start is null && !arguments.TryGetProperty("start", out _))
        {
            context.Report(path, field, "'substring' needs 'start' (0 is the first character)");
        }

        var length = context.Integer(arguments, "length", path, field, minimum: 0);
        return context.ProblemCount == before ? new SubstringTransform(start!.Value, length) : null;
    }

    private static RegexTransform? RegexExtract(MappingFileContext context, JsonElement arguments, string path, string? field)
    {
        var before = context.ProblemCount;
        context.UnknownProperties(arguments, path, field, "'regex'", "pattern", "group", "onNoMatch");
        var regex = Pattern(context, context.String(arguments, "pattern", path, field, required: true, "a .NET regular expression"), MappingFileContext.Join(path, "pattern"), field);
        var group = "1";
        if (arguments.TryGetProperty("group", out var groupElement))
        {
            group = groupElement.ValueKind is JsonValueKind.Number or JsonValueKind.String ? ScalarText(groupElement)! : string.Empty;
        }

        if (regex is not null)
        {
            var exists = int.TryParse(group, out var number) ? regex.GetGroupNumbers().Contains(number) : regex.GroupNumberFromName(group) >= 0;
            if (!exists)
            {
                context.Report(MappingFileContext.Join(path, arguments.TryGetProperty("group", out _) ? "group" : "pattern"), field,
                    $"the pattern has no group {(group.Length == 0 ? "''" : group)} (groups: {string.Join(", ", regex.GetGroupNames())}); add ( ) around the part to extract or set 'group'");
            }
        }

        var policy = NoMatchPolicy.Error;
        switch (context.String(arguments, "onNoMatch", path, field, required: false))
        {
            case null or "error":
                break;
            case "empty":
                policy = NoMatchPolicy.Empty;
                break;
            case "keep":
                policy = NoMatchPolicy.Keep;
                break;
            case var other:
                context.Report(MappingFileContext.Join(path, "onNoMatch"), field, $"unknown onNoMatch policy '{other}' (expected error, empty or keep)");
                break;
        }

        return context.ProblemCount == before ? new RegexTransform(regex!, group, policy) : null;
    }

    private static ReplaceTransform? Replace(MappingFileContext context, JsonElement arguments, string path, string? field)
    {
        var before = context.ProblemCount;
        context.UnknownProperties(arguments, path, field, "'replace'", "find", "with", "regex");
        var find = context.String(arguments, "find", path, field, required: true, "the text to replace");
        if (find is { Length: 0 })
        {
            context.Report(MappingFileContext.Join(path, "find"), field, "'find' is empty: give the text to replace");
        }

        var with = context.String(arguments, "with", path, field, required: false) ?? string.Empty;
        var isRegex = context.Boolean(arguments, "regex", path, field) ?? false;
        var regex = isRegex && find is { Length: > 0 } ? Pattern(context, find, MappingFileContext.Join(path, "find"), field) : null;
        return context.ProblemCount == before ? new ReplaceTransform(find!, with, regex) : null;
    }

    private static LookupTransform? Lookup(MappingFileContext context, JsonElement arguments, string path, string? field)
    {
        var before = context.ProblemCount;
        context.UnknownProperties(arguments, path, field, "'lookup'", "entity", "by");
        var entityName = context.String(arguments, "entity", path, field, required: true, "the entity to look in, like customers");
        var by = context.String(arguments, "by", path, field, required: true, "a field of that entity, like email");
        var entity = entityName is null ? null : CanonicalSchema.Find(entityName);
        if (entityName is not null && entity is null)
        {
            context.Report(MappingFileContext.Join(path, "entity"), field, $"unknown entity '{entityName}' (expected one of {MappingFileReader.EntityNames})");
        }
        else if (entity is not null && by is not null && entity.IndexOf(by) < 0)
        {
            context.Report(MappingFileContext.Join(path, "by"), field, $"unknown field '{by}' of {entity.Name} (expected one of {string.Join(", ", entity.Fields.Select(f => f.Name))})");
        }

        return context.ProblemCount == before ? new LookupTransform(entity!, by!) : null;
    }

    public static Regex? Pattern(MappingFileContext context, string? pattern, string path, string? field)
    {
        if (pattern is null)
        {
            return null;
        }

        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, RegexTimeout);
        }
        catch (RegexParseException e)
        {
            context.Report(path, field, $"invalid regular expression: {e.Message}");
            return null;
        }
    }
}
