using Connector.Graph.Configuration;
using Connector.Sync.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Connector.Graph.Tests.Configuration;

public sealed class GraphOptionsTests
{
    [Fact]
    public void Validate_Defaults_OnlyAuthenticationIsMissing()
    {
        var options = new GraphOptions();

        Assert.Equal(["AccessToken, ClientSecret, CertificatePath: none is set; set AccessToken, or TenantId + ClientId + ClientSecret, or TenantId + ClientId + CertificatePath"], options.Validate());
        Assert.Equal(("https://graph.microsoft.com/v1.0", "AR Collections", 4), (options.BaseUrl, options.TaskListName, options.MaxConcurrentPerMailbox));
    }

    [Fact]
    public void Validate_EverythingWrong_ReportsEverySettingOnItsOwnLine()
    {
        var options = Bind(new()
        {
            ["BaseUrl"] = "graph.microsoft.com/v1.0",
            ["AccessToken"] = "token-abc-123456",
            ["CertificatePath"] = "/etc/connector/graph.pfx",
            ["TaskListName"] = " ",
            ["SenderMailbox"] = "",
            ["MaxConcurrentPerMailbox"] = "5",
            ["TimeoutSeconds"] = "0",
            ["MaxRetries"] = "21",
        });

        Assert.Equal(
            [
                "BaseUrl: must be an absolute http or https URL, such as https://graph.microsoft.com/v1.0 (got 'graph.microsoft.com/v1.0')",
                "AccessToken, ClientSecret, CertificatePath: set exactly one (found AccessToken and CertificatePath)",
                "TenantId: is required with CertificatePath",
                "ClientId: is required with CertificatePath",
                "TaskListName: is required (the To Do list each collector's tasks go to, such as AR Collections)",
                "SenderMailbox: is empty; set the shared mailbox dunning mail is sent from (such as ar@contoso.com) or leave it out",
                "MaxConcurrentPerMailbox: must be between 1 and 4 (Outlook allows 4 concurrent requests per app per mailbox) (got 5)",
                "TimeoutSeconds: must be between 1 and 3600 (got 0)",
                "MaxRetries: must be between 0 and 20 (got 21)",
            ],
            options.Validate());
    }

    [Fact]
    public void Validate_SecretWithoutTenantOrClient_ReportsBothAndNeverTheSecret()
    {
        var failures = Bind(new() { ["ClientSecret"] = "s3cr3t-value" }).Validate();

        Assert.Equal(["TenantId: is required with ClientSecret", "ClientId: is required with ClientSecret"], failures);
        Assert.DoesNotContain(failures, f => f.Contains("s3cr3t-value", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_PlainHttpOffLoopback_IsRefused() =>
        Assert.Equal(
            ["BaseUrl: plain http is only allowed on loopback (an emulator); use https (got 'http://graph.contoso.example/v1.0')"],
            Bind(new() { ["BaseUrl"] = "http://graph.contoso.example/v1.0", ["AccessToken"] = "t" }).Validate());

    [Fact]
    public void Validate_ClientSecretComplete_Passes() =>
        Assert.Empty(Bind(new() { ["TenantId"] = "t", ["ClientId"] = "c", ["ClientSecret"] = "s", ["SenderMailbox"] = "ar@contoso.com" }).Validate());

    [Fact]
    public async Task AddGraph_InvalidSettings_FailsAtStartWithEveryProblem()
    {
        var services = new ServiceCollection();
        services.AddGraph(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Graph:MaxRetries"] = "-1", ["Graph:ClientSecret"] = "s3cr3t-value" }).Build());
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<ITaskBoard>());

        Assert.Equal(["TenantId: is required with ClientSecret", "ClientId: is required with ClientSecret", "MaxRetries: must be between 0 and 20 (got -1)"], error.Failures);
        Assert.DoesNotContain("s3cr3t-value", error.Message, StringComparison.Ordinal);
    }

    private static GraphOptions Bind(Dictionary<string, string?> values)
    {
        var options = new GraphOptions();
        new ConfigurationBuilder().AddInMemoryCollection(values).Build().Bind(options);
        return options;
    }
}
