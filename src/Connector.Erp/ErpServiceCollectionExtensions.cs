using Connector.Sync.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Connector.Erp;

public static class ErpServiceCollectionExtensions
{
    /// <summary>The configured ERP (<see cref="IErpConnection"/>) from the bound and validated <see cref="ErpOptions"/> (the host binds <c>Erp</c>).</summary>
    public static IServiceCollection AddErp(this IServiceCollection services)
    {
        services.AddSingleton<IErpConnection>(static provider => new ConfiguredErp(
            provider.GetRequiredService<IOptions<ErpOptions>>().Value, provider.GetRequiredService<TimeProvider>()));
        return services;
    }

    private sealed class ConfiguredErp(ErpOptions options, TimeProvider time) : IErpConnection
    {
        public IErpSource OpenSource() => ErpSourceFactory.Create(options, time);

        public IErpWriteback? OpenWriteback() => ErpSourceFactory.CreateWriteback(options, time);
    }
}
