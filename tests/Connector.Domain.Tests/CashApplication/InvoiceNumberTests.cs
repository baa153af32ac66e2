using Connector.Domain.CashApplication;

namespace Connector.Domain.Tests.CashApplication;

public sealed class InvoiceNumberTests
{
    [Theory]
    [InlineData("INV-000123", "123")]
    [InlineData("inv 123", "123")]
    [InlineData("IVN-000123", "123")]
    [InlineData("INV-2026-0045", "20260045")]
    [InlineData("SI/26/7b", "267B")]
    [InlineData("ABC", "")]
    [InlineData("INV-000", "")]
    public void Key_StripsPrefixPunctuationAndLeadingZeros(string number, string expected)
    {
        Assert.Equal(expected, InvoiceNumber.Key(number));
    }

    [Theory]
    [InlineData("Acme Trading GmbH & Co. KG", "acme trading")]
    [InlineData("The Bolt Company, Inc.", "bolt")]
    [InlineData("A.B.C. Supplies L.L.C.", "abc supplies")]
    [InlineData("Müller AG", "müller")]
    public void Normalise_PayerName_DropsCasePunctuationAndLegalForms(string name, string expected)
    {
        Assert.Equal(expected, PayerNames.Normalise(name));
    }
}
