using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
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

    private static ReportFormat ParseFormat(ArgumentResult result)
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
            default:
                result.AddError($"--format: expected table, csv or json, got '{text}'");
                return ReportFormat.Table;
        }
    }
}
