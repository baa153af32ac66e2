using Connector.Webhooks.Hosting;

namespace Connector.Webhooks.Tests.Hosting;

public sealed class WebhookOptionsTests
{
    [Fact]
    public void Validate_NothingSet_NamesEachMissingSetting()
    {
        var errors = new WebhookOptions { HeaderName = "" }.Validate();

        Assert.Equal(
        [
            "Webhook:Urls is required to host the order webhooks (e.g. http://0.0.0.0:5080).",
            "Webhook:HeaderName must be a header name of letters, digits, '-' or '_'.",
            "Webhook:Key is required: the shared key the Dataverse service endpoint sends in Webhook:HeaderName.",
        ], errors);
    }

    [Fact]
    public void Validate_ShortKey_SaysHowLongWithoutShowingIt()
    {
        var errors = new WebhookOptions { Urls = "http://127.0.0.1:0", Key = "hunter2-secret" }.Validate();

        var error = Assert.Single(errors);
        Assert.Equal("Webhook:Key must be at least 32 characters long.", error);
        Assert.DoesNotContain("hunter2", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_HeaderNameWithSpaceOrColon_IsRefused()
    {
        var errors = new WebhookOptions { Urls = "http://127.0.0.1:0", Key = new string('k', 32), HeaderName = "x key:" }.Validate();

        Assert.Equal(["Webhook:HeaderName must be a header name of letters, digits, '-' or '_'."], errors);
    }

    [Fact]
    public async Task StartAsync_InvalidOptions_ThrowsBeforeListening()
    {
        var ex = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => WebhookServer.StartAsync(
            new WebhookOptions { Urls = "http://127.0.0.1:0" },
            new WebhookServices(new(), new(), null!, null!, new Connector.Sync.Clock.CompanyClock(TimeProvider.System, new()), Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance),
            CancellationToken.None));

        Assert.Contains("Webhook:Key is required", ex.Message, StringComparison.Ordinal);
    }
}
