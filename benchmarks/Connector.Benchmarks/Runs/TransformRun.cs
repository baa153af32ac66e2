using System.Diagnostics;
using System.Globalization;
using Connector.Benchmarks.Prototypes;
using Connector.Mapping.Canonical;
using Connector.Mapping.Loading;
using Connector.Mapping.Rows;

namespace Connector.Benchmarks.Runs;

/// <summary>
/// Issue 16, the mapping language: the SAP example's computed fields (customer key without zeros, type from the
/// debit/credit indicator, due date = ZFBDT + ZBD1T days, signed amount) made by the typed transforms and by an NCalc
/// 7.4 expression per field, on the same synthetic BSID rows in the same run. Both feed the same row mapper (the
/// expressions' results as its columns), so both pay for canonical checks and records; the outputs are compared row by
/// row. Then the messages each gives for the same bad inputs, side by side.
/// </summary>
internal static class TransformRun
{
    private static readonly string[] Header = ["KUNNR", "SHKZG", "ZFBDT", "ZBD1T", "WRBTR"];
    private static readonly string[] Fields = ["customer_id", "type", "due_date", "amount"];

    public static int Run(string[] args)
    {
        var rows = EvaluationRun.Arg(args, "--rows", 200_000);
        Console.WriteLine($"Transforms: {rows:N0} SAP open-item rows, {Environment.ProcessorCount} cores, load average {IngestRun.LoadAverage()}");
        var data = SapRows(rows);

        var typed = Mapper(TypedFields, Header);
        var expressions = new NCalcFieldExpressions(Header, NCalcFieldExpressions.SapExample);
        var afterExpressions = Mapper(PlainFields, Fields);

        var typedResults = new CanonicalRecord[rows];
        var expressionResults = new CanonicalRecord[rows];
        var typedTimes = new List<double>();
        var expressionTimes = new List<double>();
        for (var round = 0; round < 5; round++)
        {
            typedTimes.Add(Time(() => MapTyped(typed, data, typedResults)));
            expressionTimes.Add(Time(() => MapExpressions(expressions, afterExpressions, data, expressionResults)));
        }

        var typedBest = typedTimes.Skip(1).Min();
        var expressionBest = expressionTimes.Skip(1).Min();
        var differ = Enumerable.Range(0, rows).Count(i => !typedResults[i].Values.SequenceEqual(expressionResults[i].Values));
        Console.WriteLine($"typed transforms      {rows / typedBest,12:N0} rows/s  (best of 4 after a warm-up: {typedBest:F3} s)");
        Console.WriteLine($"NCalc 7.4 expressions {rows / expressionBest,12:N0} rows/s  ({expressionBest:F3} s)");
        Console.WriteLine($"typed / NCalc: {expressionBest / typedBest:F1}× the rows per second; rows whose records differ: {differ:N0} of {rows:N0}");

        Console.WriteLine();
        Console.WriteLine("Messages for the same bad input (typed | NCalc):");
        foreach (var (what, row) in BadRows)
        {
            var typedResult = typed.Map(row);
            var output = new string[Fields.Length];
            var expression = expressions.TryEvaluate(row, output, out var problem) ? "mapped" : problem;
            Console.WriteLine($"- {what}");
            Console.WriteLine($"    typed: {(typedResult.Outcome == MapOutcome.Mapped ? "mapped" : $"{typedResult.Field}: {typedResult.Reason}")}");
            Console.WriteLine($"    NCalc: {expression}");
        }

        Console.WriteLine("- a mistyped rule at load time");
        var broken = MappingLoader.Load([("invoices.json", File("""
            "customer_id": { "column": "KUNNR" }, "type": { "constant": "invoice" }, "due_date": { "constant": "2026-01-31" },
            "amount": { "column": "WRBTR", "transforms": [{ "decimal": { "culture": "de-DE" } }, { "sign": { "column": "SHKZG", "negative": "H" } }] }
            """))]);
        Console.WriteLine($"    typed: {string.Join(" / ", broken.Problems)}");
        Console.WriteLine($"    NCalc: {NCalcFieldExpressions.CheckSyntax("if([SHKZG] == 'H', -num([WRBTR]), num([WRBTR])")}");
        return differ == 0 ? 0 : 1;
    }

    private static readonly (string What, string[] Row)[] BadRows =
    [
        ("impossible baseline date 31.02.2026", ["0000100001", "S", "31.02.2026", "30", "1.234,56"]),
        ("days '30 Tage'", ["0000100001", "S", "20.09.2026", "30 Tage", "1.234,56"]),
        ("indicator 'X'", ["0000100001", "X", "20.09.2026", "30", "1.234,56"]),
        ("amount in the wrong culture '1,234.56'", ["0000100001", "S", "20.09.2026", "30", "1,234.56"]),
    ];

    private const string TypedFields = """
        "customer_id": { "column": "KUNNR", "transforms": ["trim", "stripLeadingZeros"] },
        "type":        { "column": "SHKZG", "transforms": [{ "when": { "column": "SHKZG", "equals": "H", "then": "credit_memo", "else": "invoice" } }] },
        "due_date":    { "column": "ZFBDT", "transforms": [{ "date": { "formats": ["dd.MM.yyyy"], "culture": "de-DE" } }, { "addDays": { "column": "ZBD1T", "default": 0 } }] },
        "amount":      { "column": "WRBTR", "transforms": ["trim", { "decimal": { "culture": "de-DE", "thousands": true } }, { "sign": { "column": "SHKZG", "negative": "H", "positive": "S" } }] }
        """;

    private const string PlainFields = """
        "customer_id": { "column": "customer_id" },
        "type":        { "column": "type" },
        "due_date":    { "column": "due_date" },
        "amount":      { "column": "amount" }
        """;

    private static string File(string fields) => $$"""
        {
          "entity": "invoices",
          "source": { "csv": { "pattern": "BSID_*.csv" } },
          "fields": {
            "id": { "constant": "I1" }, "document_date": { "constant": "2026-01-01" }, "open_amount": { "constant": "0" },
            "currency": { "constant": "EUR" }, "status": { "constant": "open" },
            {{fields}}
          }
        }
        """;

    private static RowMapper Mapper(string fields, IReadOnlyList<string> header)
    {
        var load = MappingLoader.Load([("invoices.json", File(fields))]);
        if (!load.IsValid)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, load.Problems));
        }

        return load.Mappings!.Mappings[0].Bind(header).Mapper!;
    }

    private static void MapTyped(RowMapper mapper, string[][] rows, CanonicalRecord[] results)
    {
        for (var i = 0; i < rows.Length; i++)
        {
            results[i] = mapper.Map(rows[i]).Record ?? throw new InvalidOperationException($"row {i}: {mapper.Map(rows[i]).Reason}");
        }
    }

    private static void MapExpressions(NCalcFieldExpressions expressions, RowMapper mapper, string[][] rows, CanonicalRecord[] results)
    {
        for (var i = 0; i < rows.Length; i++)
        {
            var output = new string[Fields.Length];
            if (!expressions.TryEvaluate(rows[i], output, out var problem))
            {
                throw new InvalidOperationException($"row {i}: {problem}");
            }

            results[i] = mapper.Map(output).Record ?? throw new InvalidOperationException($"row {i}: {mapper.Map(output).Reason}");
        }
    }

    private static double Time(Action action)
    {
        GC.Collect();
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalSeconds;
    }

    /// <summary>Deterministic BSID-like rows: numbers with leading zeros, one line in six a credit (H), terms 0–60 days (some empty).</summary>
    private static string[][] SapRows(int count)
    {
        var random = new Random(16);
        var rows = new string[count][];
        var start = new DateOnly(2026, 1, 1);
        int[] terms = [0, 14, 30, 30, 45, 60];
        for (var i = 0; i < count; i++)
        {
            var credit = i % 6 == 0;
            var days = terms[random.Next(terms.Length)];
            var amount = random.Next(1, 5_000_000) / 100m;
            rows[i] =
            [
                (100_000 + random.Next(60_000)).ToString("0000000000", CultureInfo.InvariantCulture),
                credit ? "H" : "S",
                start.AddDays(random.Next(330)).ToString("dd.MM.yyyy", CultureInfo.InvariantCulture),
                days == 0 && i % 2 == 0 ? string.Empty : days.ToString(CultureInfo.InvariantCulture),
                amount.ToString("#,##0.00", CultureInfo.GetCultureInfo("de-DE")),
            ];
        }

        return rows;
    }
}
