using System.Globalization;
using NCalc;

namespace Connector.Benchmarks.Prototypes;

/// <summary>
/// The expression-transform prototype measured against the typed transforms (docs/decisions.md §56; not chosen, so it
/// lives here only): one NCalc 7.4 expression per field, parsed once, evaluated per row with the row's columns as
/// parameters and the functions an SAP export needs (<c>date</c>, <c>addDays</c>, <c>num</c>, <c>stripZeros</c>,
/// <c>iso</c>) registered by name — nothing else of .NET is reachable from an expression.
/// </summary>
internal sealed class NCalcFieldExpressions
{
    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");
    private readonly (string Field, Expression Expression)[] fields;
    private readonly string[] header;

    public NCalcFieldExpressions(IReadOnlyList<string> header, IReadOnlyList<(string Field, string Text)> expressions)
    {
        this.header = [.. header];
        fields = [.. expressions.Select(e => (e.Field, Compile(e.Text)))];
    }

    /// <summary>The expressions the SAP example's typed chains are written as.</summary>
    public static IReadOnlyList<(string Field, string Text)> SapExample { get; } =
    [
        ("customer_id", "stripZeros([KUNNR])"),
        ("type", "if([SHKZG] == 'H', 'credit_memo', 'invoice')"),
        ("due_date", "iso(addDays(date([ZFBDT], 'dd.MM.yyyy'), [ZBD1T]))"),
        ("amount", "if([SHKZG] == 'H', -num([WRBTR]), if([SHKZG] == 'S', num([WRBTR]), fail('expected S or H in SHKZG')))"),
    ];

    /// <summary>Evaluates every field for one row into <paramref name="output"/>; <c>false</c> with the field and NCalc's message when one fails.</summary>
    public bool TryEvaluate(string[] row, string[] output, out string? problem)
    {
        problem = null;
        for (var f = 0; f < fields.Length; f++)
        {
            var (field, expression) = fields[f];
            for (var c = 0; c < header.Length; c++)
            {
                expression.Parameters[header[c]] = row[c];
            }

            try
            {
                output[f] = Canonical(expression.Evaluate());
            }
#pragma warning disable CA1031 // the prototype shows whatever NCalc or a function throws, as a user would see it
            catch (Exception e)
#pragma warning restore CA1031
            {
                problem = $"{field}: {e.GetType().Name}: {e.Message}";
                return false;
            }
        }

        return true;
    }

    /// <summary>Parses one expression the way a mapping load would; the problem text as NCalc gives it, or <c>null</c>.</summary>
    public static string? CheckSyntax(string text)
    {
        var expression = new Expression(text);
        return expression.HasErrors() ? string.Join(" ← ", Messages(expression.Error)) : null;
    }

    private static IEnumerable<string> Messages(Exception? error)
    {
        for (; error is not null; error = error.InnerException)
        {
            yield return error.Message;
        }
    }

    private static Expression Compile(string text)
    {
        var expression = new Expression(text, ExpressionOptions.NoCache);
        if (expression.HasErrors())
        {
            throw new InvalidOperationException($"expression '{text}': {expression.Error?.Message}");
        }

        expression.Functions["date"] = static args => DateTime.ParseExact((string)args.Evaluate(0)!, (string)args.Evaluate(1)!, German);
        expression.Functions["addDays"] = static args => ((DateTime)args.Evaluate(0)!).AddDays(Days(args.Evaluate(1)));
        expression.Functions["iso"] = static args => ((DateTime)args.Evaluate(0)!).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        expression.Functions["num"] = static args => decimal.Parse(((string)args.Evaluate(0)!).Trim(), NumberStyles.Number, German);
        expression.Functions["stripZeros"] = static args => Strip((string)args.Evaluate(0)!);
        expression.Functions["fail"] = static args => throw new FormatException((string)args.Evaluate(0)!);
        return expression;
    }

    private static int Days(object? value) => value switch
    {
        string text when text.Trim().Length == 0 => 0,
        string text => int.Parse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
        _ => Convert.ToInt32(value, CultureInfo.InvariantCulture),
    };

    private static string Strip(string value)
    {
        var trimmed = value.Trim();
        var start = 0;
        while (start < trimmed.Length - 1 && trimmed[start] == '0')
        {
            start++;
        }

        return trimmed[start..];
    }

    private static string Canonical(object? value) => value switch
    {
        decimal number => number.ToString("0.############################", CultureInfo.InvariantCulture),
        string text => text,
        null => string.Empty,
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };
}
