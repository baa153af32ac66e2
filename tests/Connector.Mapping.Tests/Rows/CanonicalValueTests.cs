using Connector.Mapping.Rows;
using static Connector.Mapping.Tests.MappingBuilder;

namespace Connector.Mapping.Tests.Rows;

/// <summary>What every field must hold after its transforms, and the rules across fields.</summary>
public sealed class CanonicalValueTests
{
    [Theory]
    [InlineData("EURO")]
    [InlineData("E1R")]
    [InlineData("€")]
    public void Currency_NotThreeLetters_Rejected(string value)
    {
        MapOne("invoices", "currency", "[]", value).AssertRejected("currency", $"expected a currency code (three letters), got '{value}'");
    }

    [Fact]
    public void Currency_LowerCase_UpperCased()
    {
        Assert.Equal("CHF", MapOne("invoices", "currency", "[]", "chf").Value("currency"));
    }

    [Fact]
    public void Id_LongerThanLimit_RejectedWithLengths()
    {
        MapOne("invoices", "id", "[]", new string('X', 71)).AssertRejected("id", "expected at most 64 characters, got 71");
    }

    [Fact]
    public void RequiredField_Empty_Rejected()
    {
        MapOne("invoices", "customer_id", "[\"trim\"]", "   ").AssertRejected("customer_id", "required, got an empty value");
    }

    [Fact]
    public void KeyField_Empty_RejectedAsEmptyKey()
    {
        MapOne("invoices", "id", "[]", "").AssertRejected("id", "key field 'id' is empty");
    }

    [Fact]
    public void Text_FormulaLooking_KeptAsText()
    {
        const string Formula = "=HYPERLINK(\"http://evil.example\",\"click\")";
        Assert.Equal(Formula, MapOne("invoices", "po_number", "[]", Formula).Value("po_number"));
        Assert.Equal("'; DROP TABLE invoices; --", MapOne("invoices", "po_number", "[]", "'; DROP TABLE invoices; --").Value("po_number"));
    }

    [Theory]
    [InlineData("TRUE", "true")]
    [InlineData("false", "false")]
    [InlineData("", null)]
    public void Boolean_TrueOrFalse_NormalisedToLowerCase(string value, string? expected)
    {
        Assert.Equal(expected, MapOne("invoices", "disputed", "[]", value).Value("disputed"));
    }

    [Fact]
    public void Boolean_ErpFlag_RejectedWithHint()
    {
        MapOne("invoices", "disputed", "[]", "X").AssertRejected("disputed", "expected true or false (map the ERP's values), got 'X'");
    }

    [Fact]
    public void Choice_OtherCase_GivesTheCode_UnknownRejected()
    {
        Assert.Equal("written_off", MapOne("invoices", "status", "[]", "Written_Off").Value("status"));
        MapOne("invoices", "status", "[]", "closed").AssertRejected("status", "expected one of open, paid, written_off, got 'closed'");
    }

    [Fact]
    public void List_SpacesAndEmptyEntries_Normalised()
    {
        Assert.Equal("EMEA;DACH;Nordics", MapOne("collectors", "territories", "[]", " EMEA ;DACH;; Nordics").Value("territories"));
    }

    [Fact]
    public void Date_WithoutTransform_MustBeIso()
    {
        Assert.Equal("2026-05-01", MapOne("invoices", "due_date", "[]", "2026-05-01").Value("due_date"));
        MapOne("invoices", "due_date", "[]", "01.05.2026")
            .AssertRejected("due_date", "expected a date yyyy-MM-dd (add a 'date' transform for other formats), got '01.05.2026'");
    }

    [Fact]
    public void Decimal_WithoutTransform_InvariantNormalised()
    {
        Assert.Equal("12.5", MapOne("invoices", "amount", "[]", "12.500").Value("amount"));
        MapOne("invoices", "amount", "[]", "12,5")
            .AssertRejected("amount", "expected a number like -1234.56 (add a 'decimal' transform for other formats), got '12,5'");
    }

    [Fact]
    public void Integer_WholeNumberWrittenAsDecimal_Accepted_FractionRejected()
    {
        Assert.Equal("30", MapOne("customers", "payment_terms_days", "[]", "30.00").Value("payment_terms_days"));
        MapOne("customers", "payment_terms_days", "[]", "30.5").AssertRejected("payment_terms_days", "expected a whole number, got '30.5'");
    }

    [Fact]
    public void CreditMemo_PositiveAmount_RejectedOnAmount()
    {
        var json = File("invoices", ("type", """{ "constant": "credit_memo" }"""), ("amount", """{ "column": "V" }"""));
        Bind(json, ["V"]).Map(["50"]).AssertRejected("amount", "expected a negative amount for a credit memo, got '50'");
        Assert.Equal(MapOutcome.Mapped, Bind(json, ["V"]).Map(["-50"]).Outcome);
    }

    [Fact]
    public void OpenAmount_AboveAmount_Rejected()
    {
        MapOne("invoices", "open_amount", "[]", "-150").AssertRejected("open_amount", "expected at most the amount (100) in absolute value, got '-150'");
    }

    [Fact]
    public void Payment_AmountNotPositive_AppliedAboveAmount_Rejected()
    {
        MapOne("payments", "amount", "[]", "0").AssertRejected("amount", "expected a positive amount, got '0'");
        MapOne("payments", "applied_amount", "[]", "100.01").AssertRejected("applied_amount", "expected between 0 and the amount (100), got '100.01'");
        MapOne("payments", "applied_amount", "[]", "-1").AssertRejected("applied_amount", "expected between 0 and the amount (100), got '-1'");
        Assert.Null(MapOne("payments", "applied_amount", "[]", "").Value("applied_amount"));
    }

    [Fact]
    public void Order_UninvoicedOutsideZeroToAmount_Rejected()
    {
        MapOne("orders", "uninvoiced_amount", "[]", "101").AssertRejected("uninvoiced_amount", "expected between 0 and the amount (100), got '101'");
        MapOne("orders", "uninvoiced_amount", "[]", "-1").AssertRejected("uninvoiced_amount", "expected between 0 and the amount (100), got '-1'");
    }

    [Fact]
    public void Rate_NotPositive_Rejected()
    {
        MapOne("rates", "rate", "[]", "0").AssertRejected("rate", "expected a positive rate (company-currency units per one EUR), got '0'");
    }

    [Fact]
    public void Promise_DueBeforePromised_OrAmountNotPositive_Rejected()
    {
        MapOne("promises", "due_date", "[]", "2025-12-31").AssertRejected("due_date", "expected a date on or after promised_on (2026-01-01), got '2025-12-31'");
        MapOne("promises", "amount", "[]", "-5").AssertRejected("amount", "expected a positive amount, got '-5'");
    }

    [Fact]
    public void Customer_NegativeTermsOrLimit_Rejected()
    {
        MapOne("customers", "payment_terms_days", "[]", "-1").AssertRejected("payment_terms_days", "expected zero or more days, got '-1'");
        MapOne("customers", "credit_limit", "[]", "-0.01")
            .AssertRejected("credit_limit", "expected an empty field (no limit) or an amount of zero or more, got '-0.01'");
        Assert.Equal("0", MapOne("customers", "credit_limit", "[]", "0.00").Value("credit_limit"));
    }
}
