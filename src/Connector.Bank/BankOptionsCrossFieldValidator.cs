using System.Globalization;
using Connector.Bank.Accounts;
using Connector.Domain.Policies;
using Microsoft.Extensions.Options;

namespace Connector.Bank;

/// <summary>
/// What a bank drop folder needs: the company's accounts (without them every credit would be someone else's), each a valid
/// IBAN or account number, none twice, and a file pattern. Every failure is reported, one line each.
/// </summary>
public sealed class BankOptionsCrossFieldValidator : IValidateOptions<BankOptions>
{
    public ValidateOptionsResult Validate(string? name, BankOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new PolicyErrors(BankOptions.SectionName);
        if (options.IsEnabled)
        {
            if (options.Accounts.Count == 0)
            {
                errors.Add(nameof(BankOptions.Accounts), "must list the company's own accounts (IBANs or account numbers) when Bank:DropFolder is set: only credits to them become payments", options.Accounts);
            }

            errors.Required(nameof(BankOptions.FilePattern), options.FilePattern, "is required when Bank:DropFolder is set (* reads every file)");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Accounts.Count; i++)
        {
            var setting = string.Create(CultureInfo.InvariantCulture, $"{nameof(BankOptions.Accounts)}:{i}");
            if (BankAccount.Problem(options.Accounts[i]) is { } problem)
            {
                errors.Add(setting, problem, options.Accounts[i]);
            }
            else if (!seen.Add(BankAccount.Normalize(options.Accounts[i])))
            {
                errors.Add(setting, "is listed twice", options.Accounts[i]);
            }
        }

        return errors.Errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Errors);
    }
}
