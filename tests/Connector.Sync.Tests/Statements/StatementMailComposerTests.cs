using System.Net;
using Connector.Sync.Collections;
using Connector.Sync.Statements;
using Connector.Sync.Tests.Collections;

namespace Connector.Sync.Tests.Statements;

/// <summary>The statement email is written in the customer's language from the shipped <c>statement.{language}.hbs</c>.</summary>
public sealed class StatementMailComposerTests
{
    private static readonly DunningTemplates Shipped = DunningTemplates.Load(DunningTemplatesTests.Shipped);

    [Theory]
    [InlineData("fr", "Relevé de compte octobre 2026 – Sample & Co")]
    [InlineData("fr-CA", "Relevé de compte octobre 2026 – Sample & Co")]
    [InlineData("en", "Statement of account October 2026 – Sample & Co")]
    [InlineData("de", "Statement of account October 2026 – Sample & Co")]
    [InlineData(null, "Statement of account October 2026 – Sample & Co")]
    public void Render_CustomerLanguage_SubjectFromItsTemplateElseEnglish(string? language, string subject)
    {
        var (rendered, _) = StatementMailComposer.Render(Statement() with { Language = language }, Shipped);

        Assert.Equal(subject, rendered);
    }

    [Fact]
    public void Render_FrenchCustomer_BodyInFrenchWithFrenchAmountsTheEncodedNameAndThePayLink()
    {
        var (_, html) = StatementMailComposer.Render(Statement() with { Language = "fr" }, Shipped);

        // What the reader sees: the HTML's entities decoded (the name's '&' and the French digit group space arrive encoded).
        Assert.Contains("Dupont &amp; Fils", html, StringComparison.Ordinal);
        var body = WebUtility.HtmlDecode(html);
        Assert.Contains("<p>Veuillez trouver ci-joint le relevé de votre compte Dupont & Fils (C-1) pour octobre 2026. Solde au 2026-10-31 : 1\u202F307,25 EUR.</p>", body, StringComparison.Ordinal);
        Assert.Contains("<p>Montant dû au 2026-11-16 : <strong>1\u202F307,25 EUR</strong>.</p>", body, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://pay.example/C-1?amount=1307.25\">Payer en ligne</a>", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NoTemplatesFolder_BuiltInEnglishText()
    {
        var statement = Statement() with { Language = "fr" };

        var (subject, body) = StatementMailComposer.Render(statement, null);

        Assert.Equal(StatementMailComposer.Subject(statement), subject);
        Assert.Equal(StatementMailComposer.Body(statement), body);
        Assert.StartsWith("<p>Dear Dupont &amp; Fils,</p>", body, StringComparison.Ordinal);
    }

    private static StatementOfAccount Statement() => new()
    {
        CustomerId = "C-1",
        CustomerName = "Dupont & Fils",
        Currency = "EUR",
        Period = StatementPeriod.Month(2026, 10),
        CompanyName = "Sample & Co",
        IssuedOn = new DateOnly(2026, 11, 16),
        OpeningBalance = 0m,
        Lines = [],
        TotalInvoiced = 1307.25m,
        TotalCredited = 0m,
        TotalPaid = 0m,
        ClosingBalance = 1307.25m,
        OpenItems = [],
        Aging = [],
        AmountDue = 1307.25m,
        PayLink = new Uri("https://pay.example/C-1?amount=1307.25"),
    };
}
