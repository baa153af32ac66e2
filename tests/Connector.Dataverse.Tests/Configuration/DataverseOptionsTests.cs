using Connector.Dataverse.Authentication;
using Connector.Dataverse.Configuration;
using Connector.Sync.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Connector.Dataverse.Tests.Configuration;

public sealed class DataverseOptionsTests
{
    [Fact]
    public void Validate_NothingConfigured_ReportsUrlAndAuthentication()
    {
        var failures = Failures(new Dictionary<string, string?>());

        Assert.Equal(
            [
                "Dataverse:Url is required: the environment URL, such as https://contoso.crm4.dynamics.com/ (was empty).",
                "Dataverse:AccessToken, Dataverse:ClientSecret, Dataverse:CertificatePath need exactly one to be set: AccessToken, or TenantId + ClientId + ClientSecret, or TenantId + ClientId + CertificatePath (was none set).",
            ],
            failures);
    }

    [Fact]
    public void Validate_EveryRangeWrong_ReportsEachSetting()
    {
        var failures = Failures(new()
        {
            ["Url"] = "contoso.crm4.dynamics.com",
            ["AccessToken"] = "t",
            ["ApiVersion"] = "v9",
            ["MaxParallelism"] = "53",
            ["BatchSize"] = "0",
            ["BatchFallbackSize"] = "1001",
            ["TimeoutSeconds"] = "0",
            ["MaxRetries"] = "-1",
            ["Authority"] = "login",
        });

        Assert.Equal(
            [
                "Dataverse:Url must be an absolute http or https URL, such as https://contoso.crm4.dynamics.com/ (was 'contoso.crm4.dynamics.com').",
                "Dataverse:ApiVersion must look like 9.2 (was 'v9').",
                "Dataverse:Authority must be an absolute https URL, such as https://login.microsoftonline.com/<tenant id> (the sign-in library accepts no other scheme) (was 'login').",
                "Dataverse:MaxParallelism must be between 1 and 52 (Dataverse refuses more than 52 concurrent requests per user) (was 53).",
                "Dataverse:BatchSize must be between 1 and 1000 (was 0).",
                "Dataverse:BatchFallbackSize must be between 1 and 1000 (a $batch holds at most 1000 operations) (was 1001).",
                "Dataverse:TimeoutSeconds must be between 1 and 3600 (was 0).",
                "Dataverse:MaxRetries must be between 0 and 20 (was -1).",
            ],
            failures);
    }

    [Fact]
    public void Validate_SecretWithoutTenantOrClient_ReportsBothAndNeverTheSecret()
    {
        var failures = Failures(new() { ["Url"] = "https://contoso.crm4.dynamics.com", ["ClientSecret"] = "s3cr3t-value" });

        Assert.Equal(
            ["Dataverse:TenantId is required with Dataverse:ClientSecret (was empty).", "Dataverse:ClientId is required with Dataverse:ClientSecret (was empty)."],
            failures);
        Assert.DoesNotContain(failures, f => f.Contains("s3cr3t-value", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_TwoAuthenticationModes_ReportsTheConflict()
    {
        var failures = Failures(new()
        {
            ["Url"] = "https://contoso.crm4.dynamics.com",
            ["AccessToken"] = "t",
            ["TenantId"] = "tenant",
            ["ClientId"] = "client",
            ["CertificatePath"] = "/etc/connector/dataverse.pfx",
        });

        Assert.Equal(
            ["Dataverse:AccessToken, Dataverse:ClientSecret, Dataverse:CertificatePath need exactly one to be set (was AccessToken and CertificatePath set)."],
            failures);
    }

    [Fact]
    public void Validate_ApiVersionEmpty_RequiredOnly() =>
        Assert.Equal(
            ["Dataverse:ApiVersion is required, such as 9.2 (was empty)."],
            Failures(new() { ["Url"] = "https://contoso.crm4.dynamics.com", ["AccessToken"] = "t", ["ApiVersion"] = "" }));

    [Fact]
    public void Validate_ClientSecretComplete_Passes() =>
        Assert.Empty(Failures(new() { ["Url"] = "https://contoso.crm4.dynamics.com", ["TenantId"] = "t", ["ClientId"] = "c", ["ClientSecret"] = "s" }));

    [Fact]
    public void ApiBaseUri_UrlWithoutTrailingSlash_AddsTheVersionedApiPath()
    {
        var options = new DataverseOptions { Url = "https://contoso.crm4.dynamics.com" };

        Assert.Equal("https://contoso.crm4.dynamics.com/api/data/v9.2/", options.ApiBaseUri.ToString());
        Assert.Equal("https://contoso.crm4.dynamics.com/.default", options.Scope);
        Assert.Equal("https://login.microsoftonline.com/tenant-1", new DataverseOptions { TenantId = "tenant-1" }.ResolveAuthority());
    }

    [Fact]
    public void AddDataverse_ClientSecret_UsesOneMsalProviderForTheEnvironmentScope()
    {
        using var services = Provider(new() { ["Url"] = "https://contoso.crm4.dynamics.com/", ["TenantId"] = "t", ["ClientId"] = "c", ["ClientSecret"] = "s" });

        var provider = Assert.IsType<MsalAccessTokenProvider>(services.GetRequiredService<IAccessTokenProvider>());

        Assert.Same(provider, services.GetRequiredService<IAccessTokenProvider>());
        Assert.Equal(["https://contoso.crm4.dynamics.com/.default"], provider.Scopes);
        Assert.NotNull(services.GetRequiredService<IDataverse>());
    }

    [Fact]
    public void AddDataverse_AccessToken_UsesTheStaticProvider()
    {
        using var services = Provider(new() { ["Url"] = "http://127.0.0.1:5555/", ["AccessToken"] = "t" });

        Assert.IsType<StaticAccessTokenProvider>(services.GetRequiredService<IAccessTokenProvider>());
    }

    private static List<string> Failures(Dictionary<string, string?> settings)
    {
        using var services = Provider(settings);
        try
        {
            _ = services.GetRequiredService<IOptions<DataverseOptions>>().Value;
            return [];
        }
        catch (OptionsValidationException e)
        {
            return [.. e.Failures];
        }
    }

    private static ServiceProvider Provider(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.ToDictionary(s => "Dataverse:" + s.Key, s => s.Value))
            .Build();
        return new ServiceCollection().AddDataverse(configuration).BuildServiceProvider();
    }
}
