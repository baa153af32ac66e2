using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Connector.Domain.Credit;
using Connector.Worker.Cli;

namespace Connector.Worker.Credit;

/// <summary>
/// <c>connector credit check [--from DIR] --customer ID --amount X [--currency CUR] [--order ID] [--as-of DATE] [--format text|json]</c>:
/// may this order go ahead? Exit 0 allowed, 3 blocked; the sentence a sales rep reads and the figures behind it. The same
/// check, on the same evaluation and with the same releases and overrides, as the order webhook makes.
/// </summary>
public static class CreditCheckCommand
{
    public static Command Create(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var from = CommonOptions.From();
        var customer = new Option<string>("--customer")
        {
            Description = "Customer id (customers.csv); an id not in the ledger is an error (exit 1), not a decision",
            Required = true,
            HelpName = "ID",
        };
        var amount = new Option<decimal>("--amount")
        {
            Description = "Order amount, greater than 0 (invariant: 1234.56)",
            Required = true,
            HelpName = "X",
            CustomParser = static result => ParseAmount(result),
        };
        var currency = new Option<string?>("--currency")
        {
            Description = "Currency of the amount (default: the customer's credit currency)",
            HelpName = "CUR",
            CustomParser = static result => ParseCurrency(result),
        };
        var order = new Option<string?>("--order")
        {
            Description = "Order id; an open order already in orders.csv is checked for its increase only",
            HelpName = "ID",
        };
        var asOf = CommonOptions.AsOf();
        var format = CreditCheckFormats.Option();
        var command = new Command(
            "check",
            "Credit check of an order: exit 0 allowed, 3 blocked (reasons ON_HOLD + hold codes, OVER_LIMIT, NO_CREDIT, GROUP_OVER_LIMIT, NOT_EVALUABLE); an unknown customer exits 1")
        {
            from, customer, amount, currency, order, asOf, format,
        };
        cli.SetAction(command, async (run, cancellationToken) =>
        {
            if (await run.EvaluateAsync(run.GetValue(from), run.AsOf(asOf), cancellationToken) is not { } evaluation)
            {
                return ExitCodes.UserMustAct;
            }

            var request = new OrderRequest
            {
                CustomerId = run.GetValue(customer),
                OrderId = run.GetValue(order),
                Amount = run.GetValue(amount),
                Currency = run.GetValue(currency),
            };
            if (evaluation.Check(request) is not { } decision)
            {
                run.Error.WriteLine($"--customer: customer '{request.CustomerId}' is not in {(run.GetValue(from) is { } folder ? Path.Combine(folder, "customers.csv") : "the ledger")}");
                return ExitCodes.UserMustAct;
            }

            CreditCheckFormats.Write(decision, run.GetValue(format), run.Output);
            return decision.IsAllowed ? ExitCodes.Ok : ExitCodes.CreditBlocked;
        });
        return command;
    }

    private static decimal ParseAmount(ArgumentResult result)
    {
        var text = result.Tokens.Count == 0 ? "" : result.Tokens[0].Value;
        if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            result.AddError($"--amount: expected a number such as 1234.56, got '{text}'");
            return 0m;
        }

        if (value <= 0m)
        {
            result.AddError($"--amount: must be greater than 0, got '{text}'");
        }

        return value;
    }

    private static string? ParseCurrency(ArgumentResult result)
    {
        var text = result.Tokens.Count == 0 ? "" : result.Tokens[0].Value;
        if (text.Length != 3 || !text.All(char.IsAsciiLetterUpper))
        {
            result.AddError($"--currency: expected a three-letter ISO 4217 code such as USD, got '{text}'");
            return null;
        }

        return text;
    }
}
