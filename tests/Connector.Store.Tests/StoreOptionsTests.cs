using Connector.Sync.Settings;

namespace Connector.Store.Tests;

public sealed class StoreOptionsTests
{
    [Fact]
    public void Validate_Defaults_NoErrorsAndSqliteFileUnderData()
    {
        var options = new StoreOptions();

        Assert.Empty(Failures(options));
        Assert.Equal($"Data Source={Path.Combine("data", "connector.db")}", options.ResolveConnectionString());
    }

    [Fact]
    public void Validate_UnknownProvider_NamesTheSetting()
    {
        var errors = Failures(new StoreOptions { Provider = "mysql" });

        Assert.Equal(["Store:Provider must be sqlite or postgresql (was 'mysql')."], errors);
    }

    [Fact]
    public void Validate_PostgreSqlWithoutConnectionString_SaysWhatToSet()
    {
        var errors = Failures(new StoreOptions { Provider = "postgresql" });

        Assert.Equal(["Store:ConnectionString is required when Store:Provider is 'postgresql', such as 'Host=db;Database=connector;Username=connector;Password=…' (was empty)."], errors);
    }

    [Fact]
    public void Validate_BadConnectionString_DoesNotEchoIt()
    {
        var errors = Failures(new StoreOptions { Provider = "postgresql", ConnectionString = "Host=db;Password=hunter2;Colour=blue" });

        var error = Assert.Single(errors);
        Assert.StartsWith("Store:ConnectionString is not a valid postgresql connection string", error, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SqliteWithoutDataDirectory_NamesTheSetting()
    {
        var errors = Failures(new StoreOptions { DataDirectory = " " });

        Assert.Equal(["Store:DataDirectory is required for the default SQLite database (or set Store:ConnectionString) (was ' ')."], errors);
    }

    [Fact]
    public void Validate_SqliteConnectionStringThatDoesNotParse_NamesTheProviderWithoutTheValue()
    {
        var error = Assert.Single(Failures(new StoreOptions { ConnectionString = "Data Source=x;Cache=Sometimes" }));

        Assert.StartsWith("Store:ConnectionString is not a valid sqlite connection string: ", error, StringComparison.Ordinal);
        Assert.EndsWith(" (was not shown: it may hold a password).", error, StringComparison.Ordinal);
    }

    private static IReadOnlyList<string> Failures(StoreOptions options) =>
        SettingsValidation.Failures(options, new StoreOptionsValidator(), new StoreOptionsCrossFieldValidator());
}
