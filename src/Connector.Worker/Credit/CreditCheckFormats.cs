using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.Json;
using Connector.Domain.Credit;
using Connector.Domain.Currencies;
using Connector.Worker.Output;

namespace Connector.Worker.Credit;

/// <summary>How <c>credit check</c> writes its decision: <c>text</c> for a person, <c>json</c> for the order system.</summary>
public enum CreditCheckFormat
{
    Text,
    Json,
}

/// <summary>The <c>--format text|json</c> option of <c>credit check</c> and the two renderings of a decision.</summary>
public static class CreditCheckFormats
{
    public static Option<CreditCheckFormat> Option() => new("--format")
    {
        Description = "Output format: text or json",
        HelpName = "text|json",
        DefaultValueFactory = static _ => CreditCheckFormat.Text,
        CustomParser = static result => Parse(result),
    };

    public static void Write(CreditDecision decision, CreditCheckFormat format, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(output);
        if (format == CreditCheckFormat.Json)
        {
            output.Write(JsonSerializer.Serialize(CreditCheckJson.From(decision), JsonReportRenderer.Options));
            output.Write('\n');
        }
        else
        {
            WriteText(decision, output);
        }

        output.Flush();
    }

    /// <summary>The sentence, then one figure a line (amounts in the credit currency).</summary>
    private static void WriteText(CreditDecision decision, TextWriter output)
    {
        var currency = decision.Currency;
        output.Write(decision.Message + "\n\n");
        Line("decision", decision.IsAllowed ? "allowed" : "blocked");
        Line("reasons", decision.Reasons.Count == 0 ? "-" : string.Join(", ", decision.Reasons));
        Line("customer", $"{decision.CustomerId} {decision.CustomerName}");
        if (decision.OrderId is { } orderId)
        {
            Line("order", orderId);
        }

        Line("order amount", Money(decision.OrderAmount));
        Line("exposure before", Money(decision.ExposureBefore));
        Line("exposure after", Money(decision.ExposureAfter));
        Line("credit limit", decision.CreditLimit is null ? "none (no limit check)" : Money(decision.CreditLimit));
        Line("available credit", Money(decision.AvailableCredit));
        foreach (var group in decision.Limits)
        {
            if (group.GroupId is not null)
            {
                Line("group limit", $"{group.GroupName} ({group.GroupId}): exposure after {CurrencyUnits.Format(group.ExposureAfter, group.Currency)} of {(group.Limit is { } l ? CurrencyUnits.Format(l, group.Currency) : "no limit")}{(group.Exceeded ? " — exceeded" : "")}");
            }
        }

        Line("overdue (all items)", CurrencyUnits.Format(decision.OverdueAmount, currency));
        Line("oldest overdue", decision.OldestOverdueDays == 1 ? "1 day" : $"{decision.OldestOverdueDays} days");
        Line("collector", decision.Collector);
        if (decision.Override is { } granted)
        {
            Line("override", $"by {granted.By}: {granted.Reason}");
        }

        void Line(string label, string value) => output.Write($"{label,-20}{value}\n");

        string Money(decimal? amount) => amount is { } value ? CurrencyUnits.Format(value, currency) : "-";
    }

    private static CreditCheckFormat Parse(ArgumentResult result)
    {
        var text = result.Tokens.Count == 0 ? "" : result.Tokens[0].Value;
        switch (text.ToLowerInvariant())
        {
            case "text":
                return CreditCheckFormat.Text;
            case "json":
                return CreditCheckFormat.Json;
            default:
                result.AddError($"--format: expected text or json, got '{text}'");
                return CreditCheckFormat.Text;
        }
    }
}
