using Connector.Dataverse.WebApi;

namespace Connector.Dataverse.Tests.WebApi;

public sealed class AlternateKeyTests
{
    [Fact]
    public void Render_PlainValue_QuotesIt() =>
        Assert.Equal("accounts(accountnumber='C-1')", AlternateKey.Render("accounts", "accountnumber", "C-1"));

    [Fact]
    public void Render_ValueWithQuote_DoublesIt() =>
        Assert.Equal("accounts(accountnumber='O''Neil ''s')", AlternateKey.Render("accounts", "accountnumber", "O'Neil 's"));

    [Theory]
    [InlineData("A/1", '/')]
    [InlineData("A<1", '<')]
    [InlineData("A>1", '>')]
    [InlineData("A*1", '*')]
    [InlineData("100%", '%')]
    [InlineData("R&D", '&')]
    [InlineData("A:1", ':')]
    [InlineData("A\\1", '\\')]
    [InlineData("A?1", '?')]
    [InlineData("A+1", '+')]
    [InlineData("A#1", '#')]
    public void Problem_CharacterThatBreaksKeyUrls_NamesIt(string value, char character) =>
        Assert.Equal(
            $"the key '{value}' contains '{character}', which Dataverse cannot take in a key URL (/ < > * % & : \\ ? + #); change the key in the source system",
            AlternateKey.Problem(value));

    [Fact]
    public void Problem_EmptyKey_SaysSo() => Assert.Equal("the key is empty", AlternateKey.Problem(""));

    [Theory]
    [InlineData("C-1001")]
    [InlineData("Müller Söhne")]
    [InlineData("O'Neil")]
    [InlineData("ERP 42.7")]
    public void Problem_AddressableValue_IsNull(string value) => Assert.Null(AlternateKey.Problem(value));

    [Fact]
    public void Render_UnaddressableValue_ThrowsWithTheProblem()
    {
        var error = Assert.Throws<ArgumentException>(() => AlternateKey.Render("accounts", "accountnumber", "A/1"));
        Assert.StartsWith("Cannot address accounts by accountnumber: the key 'A/1' contains '/'", error.Message, StringComparison.Ordinal);
    }
}
