using Connector.Bank.Drop;
using Connector.Sync.Bank;
using Connector.Sync.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connector.Bank;

public static class BankServiceCollectionExtensions
{
    /// <summary>
    /// The bank's statements (<see cref="IBankStatementSource"/>) from the bound and validated <see cref="BankOptions"/> (the host
    /// binds <c>Bank</c>), and the use case that reads them into the store (<see cref="BankStatementIntake"/>). Without
    /// <c>Bank:DropFolder</c> the source has no files and the intake does nothing.
    /// </summary>
    public static IServiceCollection AddBank(this IServiceCollection services)
    {
        services.AddSingleton<IBankStatementSource>(static provider => new BankDropSource(
            provider.GetRequiredService<IOptions<BankOptions>>().Value, provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton(static provider => new BankStatementIntake(
            provider.GetRequiredService<IBankStatementSource>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<BankStatementIntake>>()));
        return services;
    }
}
