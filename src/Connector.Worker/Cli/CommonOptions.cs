using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;
using Connector.Worker.Output;

namespace Connector.Worker.Cli;

/// <summary>The options commands share; each call makes a fresh option for one command.</summary>
public static class CommonOptions
{
    /// <summary><c>--from DIR</c>: a folder of canonical CSV files (must exist); omitted, commands read the ledger in the store.</summary>
    public static Option<string?> From()
    {
        var option = new Option<string?>("--from")
        {
            Description = "Folder with canonical CSV files (customers.csv, invoices.csv, …) instead of the ledger in the store",
            HelpName = "DIR",
        };
        option.Validators.Add(static result =>
        {
            var value = result.GetValueOrDefault<string?>();
            if (value is not null && !Directory.Exists(value))
            {
                result.AddError($"--from: folder not found: '{value}'");
            }
        });
        return option;
    }

    /// <summary><c>--as-of DATE</c> (yyyy-MM-dd); omitted: today, from the host's clock.</summary>
    public static Option<DateOnly?> AsOf() => new("--as-of")
    {
        Description = "Evaluation date yyyy-MM-dd (default: today)",
        HelpName = "DATE",
        CustomParser = static result => ParseDate(result, "--as-of"),
    };

    /// <summary><c>--format table|csv|json</c>, default table.</summary>
    public static Option<ReportFormat> Format() => new("--format")
    {
        Description = "Output format: table, csv or json",
        HelpName = "table|csv|json",
        DefaultValueFactory = static _ => ReportFormat.Table,
        CustomParser = static result => ParseFormat(result),
    };

    /// <summary>
    /// <c>--format table|csv|json|xlsx|html</c>, default table: the reports a person also keeps or sends as a file (an Excel
    /// workbook, an html page with charts). Use with <see cref="Out"/> and <see cref="RequireOutForXlsx"/>.
    /// </summary>
    public static Option<ReportFormat> DocumentFormat() => new("--format")
    {
        Description = "Output format: table, csv, json, xlsx (needs --out) or html",
        HelpName = "table|csv|json|xlsx|html",
        DefaultValueFactory = static _ => ReportFormat.Table,
        CustomParser = static result => ParseFormat(result, documents: true),
    };

    /// <summary><c>--out FILE</c>: write the report to this file instead of stdout.</summary>
    public static Option<string?> Out() => new("--out")
    {
        Description = "Write the report to this file instead of the terminal (required with --format xlsx)",
        HelpName = "FILE",
    };

    /// <summary>An xlsx workbook is not written to a terminal: <c>--format xlsx needs --out FILE</c>.</summary>
    public static void RequireOutForXlsx(Command command, Option<ReportFormat> format, Option<string?> output)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Validators.Add(result =>
        {
            // From the tokens: a value that did not parse has its own error, and reading it would throw.
            if (Token(result.GetResult(format)) is { } chosen && chosen.Equals("xlsx", StringComparison.OrdinalIgnoreCase)
                && string.IsNullOrWhiteSpace(Token(result.GetResult(output))))
            {
                result.AddError("--format xlsx needs --out FILE (a workbook is not written to the terminal)");
            }
        });
    }

    /// <summary>The value typed for an option (its last token), or <c>null</c> when it was not given.</summary>
    public static string? Token(OptionResult? result) => result is { Tokens.Count: > 0 } ? result.Tokens[^1].Value : null;

    /// <summary><c>--config FILE</c>: a JSON settings file layered over the defaults and the environment (every command).</summary>
    public static Option<string?> Config()
    {
        var option = new Option<string?>("--config")
        {
            Description = "JSON settings file (overrides appsettings.json and environment variables)",
            HelpName = "FILE",
            Recursive = true,
        };
        option.Validators.Add(static result =>
        {
            var value = result.GetValueOrDefault<string?>();
            if (value is not null && !File.Exists(value))
            {
                result.AddError($"--config: file not found: '{value}'");
            }
        });
        return option;
    }

    public static DateOnly? ParseDate(ArgumentResult result, string name)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Tokens.Count == 0)
        {
            return null;
        }

        var text = result.Tokens[0].Value;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        result.AddError($"{name}: expected a date yyyy-MM-dd, got '{text}'");
        return null;
    }

    /// <summary>
    /// A whole number (<c>--limit 50</c>, invariant culture), at least <paramref name="minimum"/> when given; otherwise an error
    /// in words (<c>--limit: expected a whole number of 1 or more, got 'abc'</c>), never the parser's type names.
    /// </summary>
    public static T ParseWholeNumber<T>(ArgumentResult result, string name, T? minimum = null)
        where T : struct, IBinaryInteger<T>
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Tokens.Count == 0 ? default : WholeNumber(result, result.Tokens[0].Value, name, minimum);
    }

    /// <summary>Several whole numbers (<c>--id 4 7</c>, <c>--id 4 --id 7</c>), each checked like <see cref="ParseWholeNumber"/>.</summary>
    public static T[] ParseWholeNumbers<T>(ArgumentResult result, string name)
        where T : struct, IBinaryInteger<T>
    {
        ArgumentNullException.ThrowIfNull(result);
        return [.. result.Tokens.Select(token => WholeNumber<T>(result, token.Value, name, null))];
    }

    /// <summary>A number (<c>--time-scale 0.5</c>, invariant culture): <c>--time-scale: expected a number, got 'fast'</c> otherwise.</summary>
    public static double ParseNumber(ArgumentResult result, string name)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Tokens.Count == 0)
        {
            return default;
        }

        var text = result.Tokens[0].Value;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return value;
        }

        result.AddError($"{name}: expected a number, got '{text}'");
        return default;
    }

    private static T WholeNumber<T>(ArgumentResult result, string text, string name, T? minimum)
        where T : struct, IBinaryInteger<T>
    {
        if (T.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && (minimum is not { } least || value >= least))
        {
            return value;
        }

        var expected = minimum is { } min ? string.Create(CultureInfo.InvariantCulture, $"a whole number of {min} or more") : "a whole number";
        result.AddError($"{name}: expected {expected}, got '{text}'");
        return default;
    }

    private static ReportFormat ParseFormat(ArgumentResult result, bool documents = false)
    {
        if (result.Tokens.Count == 0)
        {
            return ReportFormat.Table;
        }

        var text = result.Tokens[0].Value;
        switch (text.ToLowerInvariant())
        {
            case "table":
                return ReportFormat.Table;
            case "csv":
                return ReportFormat.Csv;
            case "json":
                return ReportFormat.Json;
            case "xlsx" when documents:
                return ReportFormat.Xlsx;
            case "html" when documents:
                return ReportFormat.Html;
            default:
                result.AddError(documents
                    ? $"--format: expected table, csv, json, xlsx or html, got '{text}'"
                    : $"--format: expected table, csv or json, got '{text}'");
                return ReportFormat.Table;
        }
    }
}
