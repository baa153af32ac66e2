using Connector.Domain.Collections;
using Connector.Domain.Ledger;
using Connector.Sync.Collections;
using Connector.Sync.Settings;
using static Connector.Sync.Tests.Collections.CollectionSamples;

namespace Connector.Sync.Tests.Collections;

public sealed class DunningMailComposerTests
{
    private static readonly DunningTemplates Shipped = DunningTemplates.Load(DunningTemplatesTests.Shipped);

    private static DunningMailOptions Options() => new()
    {
        SenderMailbox = "ar@fabrikam.example",
        CompanyName = "Fabrikam Inc.",
        PayLinkPattern = "https://pay.example.com/{customerId}?amount={amount}&currency={currency}",
    };

    [Fact]
    public void Compose_EnglishReminder_HasSubjectStatementTotalAndPayLink()
    {
        var (c, customer) = Reminder(Contoso());

        var mail = Compose(c, customer);

        Assert.Equal("ar@fabrikam.example", mail.FromMailbox);
        Assert.Equal(["ap@contoso.example"], mail.To);
        Assert.Equal("Payment reminder: 12,400.00 USD overdue — Fabrikam Inc.", mail.Subject);
        Assert.Contains("<p>Dear Contoso Ltd,</p>", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("<tr><td>INV-20391</td><td>2026-11-13</td><td style=\"text-align:right\">8,000.00 USD</td><td>overdue</td><td style=\"text-align:right\"></td></tr>", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("<td>1,250.00 USD</td><td>in dispute — not included in the total</td>", mail.HtmlBody.Replace("<td style=\"text-align:right\">", "<td>", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("<b>Total overdue: 12,400.00 USD</b> (plus 1,250.00 USD in dispute", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://pay.example.com/C1042?amount=12400.00&amp;currency=USD\">", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("contact Anna Lindqvist at <a href=\"mailto:anna@fabrikam.example\">", mail.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_LetterWithEuCharges_ListsEveryOpenItemAndCreditNoteWithInterestAndFees()
    {
        var customer = Contoso();
        var policy = new CollectionsPolicy { Ladder = CollectionsPolicy.DefaultLadder() };
        policy.Ladder[3].InterestRatePercent = 10.15m;
        policy.Ladder[3].FeeAmount = 40m;
        Invoice[] open =
        [
            Invoice("INV-20391", 8_000m, 30),
            Invoice("INV-20455", 4_400m, 18),
            Invoice("INV-20510", 1_250m, 20, disputed: true),
            Invoice("CN-77", -500m, -5) with { Type = DocumentType.CreditMemo },
            Invoice("INV-20600", 3_000m, -10),
        ];
        var c = Case(customer, open, policy: policy);
        var decision = DunningMailPlanner.Plan([c], new Dictionary<string, Customer> { [customer.Id] = customer }, [], policy, AsOf)[0];
        var account = new ArLedger([customer], open).Accounts[0];
        var letter = DunningLetter.For(c, account, new Domain.Currencies.CurrencyConverter("USD", []).At(AsOf), policy, decision.EmailDate);

        var mail = DunningMailComposer.Compose(decision, c, customer, Shipped, Options(), "Anna Lindqvist", null, letter);

        // The case holds the three overdue items; the letter lists all five open ones.
        Assert.Equal(3, c.Items.Count);
        Assert.Equal((3, AsOf), (decision.Level, decision.EmailDate));
        var body = mail.HtmlBody;
        Assert.Contains("<tr><td>INV-20391</td><td>2026-10-24</td><td style=\"text-align:right\">8,000.00 USD</td><td>overdue</td><td style=\"text-align:right\">66.74 + 40.00</td></tr>", body, StringComparison.Ordinal);
        Assert.Contains("<tr><td>INV-20455</td><td>2026-11-05</td><td style=\"text-align:right\">4,400.00 USD</td><td>overdue</td><td style=\"text-align:right\">22.02 + 40.00</td></tr>", body, StringComparison.Ordinal);
        Assert.Contains("<tr><td>INV-20510</td><td>2026-11-03</td><td style=\"text-align:right\">1,250.00 USD</td><td>in dispute — not included in the total</td><td style=\"text-align:right\"></td></tr>", body, StringComparison.Ordinal);
        Assert.Contains("<tr><td>CN-77</td><td>2026-11-28</td><td style=\"text-align:right\">-500.00 USD</td><td>credit note</td><td style=\"text-align:right\"></td></tr>", body, StringComparison.Ordinal);
        Assert.Contains("<tr><td>INV-20600</td><td>2026-12-03</td><td style=\"text-align:right\">3,000.00 USD</td><td>not yet due</td><td style=\"text-align:right\"></td></tr>", body, StringComparison.Ordinal);
        Assert.Contains("<b>Total overdue: 12,400.00 USD</b>", body, StringComparison.Ordinal);
        Assert.Contains(
            "late-payment interest at 10.15 % a year on each overdue invoice for the days it is overdue up to 2026-11-23 (88.76 USD) and a fixed fee of "
                + "40.00 USD per overdue invoice (80.00 USD): <b>168.76 USD</b>, which brings the amount due to <b>12,568.76 USD</b>.",
            body,
            StringComparison.Ordinal);
        Assert.Contains("credit notes and items not yet due included: 16,150.00 USD.", body, StringComparison.Ordinal);
        Assert.Equal(
            [("CASE-C1042|L3|2026-11-23|INV-20391", 66.74m, 40m, 30), ("CASE-C1042|L3|2026-11-23|INV-20455", 22.02m, 40m, 18)],
            CollectionsSync.ChargeRows(decision, c, letter.Charges).Select(static r => (r.Key, r.InterestAmount, r.FeeAmount, r.DaysOverdue)));
    }

    [Fact]
    public void Compose_StepWithoutCharges_SaysNothingAboutCharges()
    {
        var (c, customer) = Reminder(Contoso());

        Assert.DoesNotContain("late-payment interest", Compose(c, customer).HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_FrenchCustomer_WritesInFrenchWithFrenchAmounts()
    {
        var (c, customer) = Reminder(Contoso(language: "fr-CA") with { Name = "Société Générale d'Équipement" });

        var mail = Compose(c, customer);

        Assert.Equal("Rappel de paiement : 12\u202F400,00 USD échus — Fabrikam Inc.", mail.Subject);
        Assert.Contains("votre compte Société Générale d&#x27;Équipement (C1042)", mail.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_LanguageWithoutTemplate_FallsBackToEnglish()
    {
        var (c, customer) = Reminder(Contoso(language: "de"));

        Assert.StartsWith("Payment reminder:", Compose(c, customer).Subject, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_HostileErpText_CannotInjectMarkup()
    {
        var hostile = Contoso() with { Name = "<a href=\"https://evil.example\">Click</a> & Co" };
        var c = Case(hostile, [Invoice("INV-<script>1</script>", 500m, 1)]);
        var decision = DunningMailPlanner.Plan([c], new Dictionary<string, Customer> { [hostile.Id] = hostile }, [], new CollectionsPolicy(), AsOf)[0];

        var mail = DunningMailComposer.Compose(decision, c, hostile, Shipped, Options(), "Anna <Lindqvist>", null);

        Assert.DoesNotContain("evil.example\"", mail.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Dear &lt;a href=&quot;https://evil.example&quot;&gt;Click&lt;/a&gt; &amp; Co,", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("INV-&lt;script&gt;1&lt;/script&gt;", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("contact Anna &lt;Lindqvist&gt;.", mail.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_NoSenderMailbox_RefusesWithTheSetting()
    {
        var (c, customer) = Reminder(Contoso());
        var options = Options();
        options.SenderMailbox = null;
        var decision = DunningMailPlanner.Plan([c], new Dictionary<string, Customer> { [customer.Id] = customer }, [], new CollectionsPolicy(), AsOf)[0];

        var error = Assert.Throws<InvalidOperationException>(() => DunningMailComposer.Compose(decision, c, customer, Shipped, options, null, null));

        Assert.Equal("Dunning:SenderMailbox is not configured: dunning email cannot be sent.", error.Message);
    }

    [Theory]
    [InlineData("https://pay.example.com/{customerId}?amount={amount}", "C1042", "12400.5", "USD", "https://pay.example.com/C1042?amount=12400.50")]
    [InlineData("https://pay.example.com/{customerId}?amount={amount}&c={currency}&ref={caseId}", "ACME & SONS/1", "125000", "JPY", "https://pay.example.com/ACME%20%26%20SONS%2F1?amount=125000&c=JPY&ref=CASE-ACME%20%26%20SONS%2F1")]
    public void PayLink_Pattern_FillsEscapedValues(string pattern, string customerId, string amount, string currency, string expected)
    {
        var options = new DunningMailOptions { PayLinkPattern = pattern };

        var link = options.PayLink(customerId, CollectionCase.IdFor(customerId), decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), currency);

        Assert.Equal(expected, link.AbsoluteUri);
    }

    [Fact]
    public void Validate_Defaults_NamesEveryMissingSetting()
    {
        Assert.Equal(
            [
                "Dunning:PayLinkPattern is required, e.g. https://pay.example.com/{customerId}?amount={amount} (was empty).",
                "Dunning:CompanyName is required: the letters are signed with it (was empty).",
            ],
            Failures(new DunningMailOptions()));
    }

    [Fact]
    public void Validate_UnknownPlaceholder_IsReported()
    {
        var options = Options();
        options.PayLinkPattern = "https://pay.example.com/{customer}?amount={amount}";

        Assert.Equal(
            ["Dunning:PayLinkPattern may only use the placeholders {customerId}, {caseId}, {amount}, {currency} (was 'https://pay.example.com/{customer}?amount={amount}')."],
            Failures(options));
        Assert.Empty(Failures(Options()));
    }

    [Fact]
    public void Validate_EveryOtherRuleBroken_ReportsEach()
    {
        var options = Options();
        options.TemplatesDirectory = " ";
        options.SenderMailbox = "ar desk@contoso.com";
        options.PayLinkPattern = "pay.example.com/{customerId}";

        Assert.Equal(
            [
                "Dunning:TemplatesDirectory is required (was ' ').",
                "Dunning:SenderMailbox must be a mailbox's UPN or user id without spaces (was 'ar desk@contoso.com').",
                "Dunning:PayLinkPattern must be an absolute http(s) URL (was 'pay.example.com/{customerId}').",
            ],
            Failures(options));
    }

    private static IReadOnlyList<string> Failures(DunningMailOptions options) => SettingsValidation.Failures(options, new DunningMailOptionsValidator());

    private static (CollectionCase Case, Customer Customer) Reminder(Customer customer) =>
        (Case(customer, [Invoice("INV-20391", 8_000m, 10), Invoice("INV-20455", 4_400m, 5), Invoice("INV-20510", 1_250m, 7, disputed: true)]), customer);

    private static Ports.OutgoingMail Compose(CollectionCase c, Customer customer)
    {
        var decision = DunningMailPlanner.Plan([c], new Dictionary<string, Customer> { [customer.Id] = customer }, [], new CollectionsPolicy(), AsOf)[0];
        Assert.True(decision.Send, decision.Reason);
        return DunningMailComposer.Compose(decision, c, customer, Shipped, Options(), "Anna Lindqvist", "anna@fabrikam.example");
    }
}
