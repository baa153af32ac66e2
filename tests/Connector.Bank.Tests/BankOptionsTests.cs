namespace Connector.Bank.Tests;

public sealed class BankOptionsTests
{
    [Fact]
    public void Validate_DropFolderWithoutAccounts_SaysTheAccountsAreNeeded()
    {
        var result = new BankOptionsCrossFieldValidator().Validate(null, new BankOptions { DropFolder = "bank-drop" });

        Assert.Equal(
            ["Bank:Accounts must list the company's own accounts (IBANs or account numbers) when Bank:DropFolder is set: only credits to them become payments (was [])."],
            result.Failures);
    }

    [Fact]
    public void Validate_MistypedIbanAndAnAccountTwice_OneLineEachNamingTheSetting()
    {
        var options = new BankOptions { DropFolder = "bank-drop", Accounts = ["DE89 3704 0044 0532 0130 01", "4001234567", "4001 234567", "ÄÖ-1"] };

        var result = new BankOptionsCrossFieldValidator().Validate(null, options);

        Assert.Equal(
            [
                "Bank:Accounts:0 is not a valid IBAN: its check digits do not add up (a typo?) (was 'DE89 3704 0044 0532 0130 01').",
                "Bank:Accounts:2 is listed twice (was '4001 234567').",
                "Bank:Accounts:3 must be an IBAN or an account number: letters and digits only, at most 34 (was 'ÄÖ-1').",
            ],
            result.Failures);
    }

    [Fact]
    public void Validate_NoDropFolder_NothingRequired()
    {
        Assert.True(new BankOptionsCrossFieldValidator().Validate(null, new BankOptions()).Succeeded);
    }

    [Fact]
    public void Validate_NegativeSettleTime_RefusedByTheGeneratedValidator()
    {
        var result = new BankOptionsValidator().Validate(null, new BankOptions { FileSettleSeconds = -1 });

        Assert.True(result.Failed);
        Assert.Contains("FileSettleSeconds", result.FailureMessage, StringComparison.Ordinal);
    }
}
