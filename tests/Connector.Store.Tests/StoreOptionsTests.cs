namespace Connector.Store.Tests;

public sealed class StoreOptionsTests
{
    [Fact]
    public void Validate_Defaults_NoErrorsAndSqliteFileUnderData()
    {
        var options = new StoreOptions();

        Assert.Empty(options.Validate());
        Assert.Equal($"Data Source={Path.Combine("data", "connector.db")}", options.ResolveConnectionString());
    }

    [Fact]
    public void Validate_UnknownProvider_NamesTheSetting()
    {
        var errors = new StoreOptions { Provider = "mysql" }.Validate();

        Assert.Equal(["Store:Provider must be 'sqlite' or 'postgresql' (was 'mysql')."], errors);
    }

    [Fact]
    public void Validate_PostgreSqlWithoutConnectionString_SaysWhatToSet()
    {
        var errors = new StoreOptions { Provider = "postgresql" }.Validate();

        Assert.Equal(["Store:ConnectionString is required when Store:Provider is 'postgresql', such as 'Host=db;Database=connector;Username=connector;Password=…' (was empty)."], errors);
    }

    [Fact]
    public void Validate_BadConnectionString_DoesNotEchoIt()
    {
        var errors = new StoreOptions { Provider = "postgresql", ConnectionString = "Host=db;Password=hunter2;Colour=blue" }.Validate();

        var error = Assert.Single(errors);
        Assert.StartsWith("Store:ConnectionString is not a valid postgresql connection string", error, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SqliteWithoutDataDirectory_NamesTheSetting()
    {
        var errors = new StoreOptions { DataDirectory = " " }.Validate();

        Assert.Equal(["Store:DataDirectory is required for the default SQLite database (or set Store:ConnectionString) (was ' ')."], errors);
    }
}
