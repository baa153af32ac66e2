namespace Connector.Bank.Tests.Support;

/// <summary>The public statement samples copied into the repository (tests/fixtures/bank), as the test output holds them.</summary>
internal static class BankFixtures
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", "bank", name);

    public static string Text(string name) => File.ReadAllText(PathOf(name));

    public static MemoryStream Stream(string text) => new(System.Text.Encoding.UTF8.GetBytes(text));
}
