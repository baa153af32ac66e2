using Connector.Sync.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Connector.Store;

public static class StoreServiceCollectionExtensions
{
    /// <summary>
    /// The store the use cases open (<see cref="IConnectorStoreFactory"/>), from the bound and validated
    /// <see cref="StoreOptions"/> (the host binds the <c>Store</c> section).
    /// </summary>
    public static IServiceCollection AddStore(this IServiceCollection services)
    {
        services.AddSingleton<IConnectorStoreFactory>(static provider => new ConfiguredStore(
            provider.GetRequiredService<IOptions<StoreOptions>>().Value, provider.GetRequiredService<TimeProvider>()));
        return services;
    }

    private sealed class ConfiguredStore(StoreOptions options, TimeProvider time) : IConnectorStoreFactory
    {
        public string Description => ConnectorStoreFactory.Describe(options);

        public Task<IConnectorStore> OpenAsync(CancellationToken cancellationToken) => ConnectorStoreFactory.OpenAsync(options, time, cancellationToken);

        public async Task<IConnectorStore?> OpenExistingAsync(CancellationToken cancellationToken) =>
            ConnectorStoreFactory.Exists(options) ? await ConnectorStoreFactory.OpenAsync(options, time, cancellationToken).ConfigureAwait(false) : null;
    }
}
