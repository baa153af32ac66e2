using Connector.Dataverse.Configuration;
using Connector.Dataverse.Resilience;
using Connector.Dataverse.Sync;
using Connector.Dataverse.WebApi;
using Connector.Sync.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Connector.Dataverse.Tests.Support;

/// <summary>The client as <c>AddDataverse</c> wires it, pointed at a loopback server with a static token.</summary>
internal sealed class DataverseTestHost : IAsyncDisposable
{
    public const string Token = "test-token-7f3a9c-never-print-me";

    private DataverseTestHost(ServiceProvider services, CapturedLogs logs)
    {
        Services = services;
        Logs = logs;
    }

    public ServiceProvider Services { get; }

    public CapturedLogs Logs { get; }

    public DataverseClient Client => Services.GetRequiredService<DataverseClient>();

    public IDataverse Dataverse => Services.GetRequiredService<IDataverse>();

    public WebApiDataverse WebApi => Services.GetRequiredService<WebApiDataverse>();

    public AdaptiveConcurrency Concurrency => Services.GetRequiredService<AdaptiveConcurrency>();

    /// <param name="environmentUrl">The environment URL (the API is under api/data/v9.2/).</param>
    /// <param name="settings">Extra <c>Dataverse:*</c> settings, overriding the defaults here.</param>
    public static DataverseTestHost Create(Uri environmentUrl, IDictionary<string, string?>? settings = null, string? token = Token)
    {
        var values = new Dictionary<string, string?>
        {
            ["Dataverse:Url"] = environmentUrl.ToString(),
            ["Dataverse:AccessToken"] = token,
            ["Dataverse:MaxRetries"] = "3",
            ["Dataverse:TimeoutSeconds"] = "10",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values["Dataverse:" + key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var logs = new CapturedLogs();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        services.AddDataverse(configuration);
        return new DataverseTestHost(services.BuildServiceProvider(validateScopes: true), logs);
    }

    public ValueTask DisposeAsync() => Services.DisposeAsync();
}
