using Connector.Graph.Configuration;
using Connector.Sync.Ports;
using Connector.Sync.Settings;
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

        Assert.Equal(
            ["Graph:AccessToken, Graph:ClientSecret, Graph:CertificatePath need exactly one to be set: AccessToken, or TenantId + ClientId + ClientSecret, or TenantId + ClientId + CertificatePath (was none set)."],
            Failures(options));
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
                "Graph:BaseUrl must be an absolute http or https URL, such as https://graph.microsoft.com/v1.0 (was 'graph.microsoft.com/v1.0').",
                "Graph:TaskListName is required: the To Do list each collector's tasks go to, such as AR Collections (was ' ').",
                "Graph:SenderMailbox must name the shared mailbox dunning mail is sent from (such as ar@contoso.com), or be left out (was empty).",
                "Graph:MaxConcurrentPerMailbox must be between 1 and 4 (Outlook allows 4 concurrent requests per app per mailbox) (was 5).",
                "Graph:TimeoutSeconds must be between 1 and 3600 (was 0).",
                "Graph:MaxRetries must be between 0 and 20 (was 21).",
                "Graph:AccessToken, Graph:ClientSecret, Graph:CertificatePath need exactly one to be set (was AccessToken and CertificatePath set).",
                "Graph:TenantId is required with Graph:CertificatePath (was empty).",
                "Graph:ClientId is required with Graph:CertificatePath (was empty).",
            ],
            Failures(options));
    }

    [Fact]
    public void Validate_SecretWithoutTenantOrClient_ReportsBothAndNeverTheSecret()
    {
        var failures = Failures(Bind(new() { ["ClientSecret"] = "s3cr3t-value" }));

        Assert.Equal(["Graph:TenantId is required with Graph:ClientSecret (was empty).", "Graph:ClientId is required with Graph:ClientSecret (was empty)."], failures);
        Assert.DoesNotContain(failures, f => f.Contains("s3cr3t-value", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_PlainHttpOffLoopback_IsRefused() =>
        Assert.Equal(
            ["Graph:BaseUrl must use https: plain http is only allowed on loopback (an emulator) (was 'http://graph.contoso.example/v1.0')."],
            Failures(Bind(new() { ["BaseUrl"] = "http://graph.contoso.example/v1.0", ["AccessToken"] = "t" })));

    [Fact]
    public void Validate_ClientSecretComplete_Passes() =>
        Assert.Empty(Failures(Bind(new() { ["TenantId"] = "t", ["ClientId"] = "c", ["ClientSecret"] = "s", ["SenderMailbox"] = "ar@contoso.com" })));

    [Fact]
    public async Task AddGraph_InvalidSettings_FailsAtStartWithEveryProblem()
    {
        var services = new ServiceCollection();
        services.AddGraph(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Graph:MaxRetries"] = "-1", ["Graph:ClientSecret"] = "s3cr3t-value" }).Build());
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<ITaskBoard>());

        Assert.Equal(
            [
                "Graph:MaxRetries must be between 0 and 20 (was -1).",
                "Graph:TenantId is required with Graph:ClientSecret (was empty).",
                "Graph:ClientId is required with Graph:ClientSecret (was empty).",
            ],
            error.Failures);
        Assert.DoesNotContain("s3cr3t-value", error.Message, StringComparison.Ordinal);
    }

    private static IReadOnlyList<string> Failures(GraphOptions options) =>
        SettingsValidation.Failures(options, new GraphOptionsValidator(), new GraphOptionsCrossFieldValidator());

    private static GraphOptions Bind(Dictionary<string, string?> values)
    {
        var options = new GraphOptions();
        new ConfigurationBuilder().AddInMemoryCollection(values).Build().Bind(options);
        return options;
    }
}
