using Connector.Settings;
using Connector.Worker.Cli;

namespace Connector.Worker.Tests.Cli;

public class SuggestionsTests
{
    private static readonly string[] Commands = ["report", "collections", "holds", "credit", "cash", "push", "run", "sync", "demo"];

    [Theory]
    [InlineData("reprot", "did you mean 'report'?")] // a swap of neighbours: one edit
    [InlineData("reoprt", "did you mean 'report'?")]
    [InlineData("rpt", "")] // two edits from "run", three from "report": too many for three letters
    [InlineData("reprt", "did you mean 'report'?")]
    [InlineData("raport", "did you mean 'report'?")]
    [InlineData("rapurt", "did you mean 'report'?")] // two edits in six letters
    [InlineData("hlods", "did you mean 'holds'?")]
    [InlineData("hldos", "")] // two edits in five letters
    [InlineData("rep", "did you mean 'report'?")] // a prefix
    [InlineData("r", "")] // one letter says too little
    [InlineData("sinc", "did you mean 'sync'?")]
    [InlineData("hodls", "did you mean 'holds'?")]
    [InlineData("cahs", "did you mean 'cash'?")]
    [InlineData("xyz", "")]
    [InlineData("REPORT", "did you mean 'report'?")]
    public void DidYouMean_Typed_SuggestsOnlyWhenClose(string typed, string expected) =>
        Assert.Equal(expected, Suggestions.DidYouMean(typed, Commands));

    [Fact]
    public void DidYouMean_PrefixOfOneAndOneEditFromAnother_NamesBoth() =>
        Assert.Equal("did you mean 'format' or 'from'?", Suggestions.DidYouMean("form", ["as-of", "from", "format"]));

    [Theory]
    [InlineData("credt", "credit", 1)]
    [InlineData("credit", "credit", 0)]
    [InlineData("ab", "ba", 1)]
    [InlineData("ca", "abc", 3)]
    [InlineData("", "abc", 3)]
    public void Distance_Words_CountsEditsWithSwapsAsOne(string a, string b, int expected) =>
        Assert.Equal(expected, Suggestions.Distance(a, b));
}
