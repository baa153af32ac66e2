using Connector.Mapping.Canonical;
using Connector.Testing;

namespace Connector.Store.Tests;

public sealed class ConnectorStoreFactoryTests
{
    [Fact]
    public async Task OpenAsync_DefaultProvider_CreatesMigratedFileUnderTheDataDirectory()
    {
        using var directory = new TempDirectory();
        var data = directory.File("nested/data");

        await using (var store = await ConnectorStoreFactory.OpenAsync(new StoreOptions { DataDirectory = data }, TimeProvider.System, CancellationToken.None))
        {
            Assert.Equal(0, await store.CountRecordsAsync(CanonicalEntity.Invoices, CancellationToken.None));
            Assert.Equal($"sqlite {Path.Combine(data, "connector.db")}", store.Description);
        }

        Assert.True(File.Exists(Path.Combine(data, "connector.db")));
    }

    [Fact]
    public async Task OpenAsync_InvalidOptions_ThrowsTheValidationMessage()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            ConnectorStoreFactory.OpenAsync(new StoreOptions { Provider = "oracle" }, TimeProvider.System, CancellationToken.None));

        Assert.Equal("Store:Provider must be sqlite or postgresql (was 'oracle').", error.Message);
    }
}
