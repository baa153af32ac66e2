using Connector.Sync.Settings;
using Connector.Webhooks.Hosting;

namespace Connector.Webhooks.Tests.Hosting;

public sealed class WebhookOptionsTests
{
    [Fact]
    public void Validate_Defaults_NoWebhooksNothingRequired() => Assert.Empty(Failures(new WebhookOptions()));

    [Fact]
    public void Validate_UrlsWithoutKey_AsksForTheKey()
    {
        Assert.Equal(
            ["Webhook:Key is required with Webhook:Urls: the shared key the Dataverse service endpoint sends in Webhook:HeaderName (was empty)."],
            Failures(new WebhookOptions { Urls = "http://127.0.0.1:0" }));
    }

    [Fact]
    public void Validate_ShortKey_SaysHowLongWithoutShowingIt()
    {
        var errors = Failures(new WebhookOptions { Urls = "http://127.0.0.1:0", Key = "hunter2-secret" });

        var error = Assert.Single(errors);
        Assert.Equal("Webhook:Key must be at least 32 characters long (was 14 characters).", error);
        Assert.DoesNotContain("hunter2", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x key:", "'x key:'")]
    [InlineData("", "empty")]
    public void Validate_HeaderNameNotAHeaderName_IsRefused(string headerName, string shown)
    {
        var errors = Failures(new WebhookOptions { Urls = "http://127.0.0.1:0", Key = new string('k', 32), HeaderName = headerName });

        Assert.Equal([$"Webhook:HeaderName must be a header name of letters, digits, '-' or '_' (was {shown})."], errors);
    }

    [Fact]
    public async Task StartAsync_NothingSet_NamesEachMissingSettingBeforeListening()
    {
        var ex = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => StartAsync(new WebhookOptions { HeaderName = "" }));

        Assert.Equal(
        [
            "Webhook:Urls is required to host the order webhooks (e.g. http://0.0.0.0:5080) (was empty).",
            "Webhook:HeaderName must be a header name of letters, digits, '-' or '_' (was empty).",
        ], ex.Failures);
    }

    [Fact]
    public async Task StartAsync_InvalidOptions_ThrowsBeforeListening()
    {
        var ex = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => StartAsync(new WebhookOptions { Urls = "http://127.0.0.1:0" }));

        Assert.Contains("Webhook:Key is required", ex.Message, StringComparison.Ordinal);
    }

    private static Task<WebhookServer> StartAsync(WebhookOptions options) => WebhookServer.StartAsync(
        options,
        new WebhookServices(new(), new(), null!, null!, new Connector.Sync.Clock.CompanyClock(TimeProvider.System, new()), Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance),
        CancellationToken.None);

    private static IReadOnlyList<string> Failures(WebhookOptions options) =>
        SettingsValidation.Failures(options, new WebhookOptionsValidator(), new WebhookOptionsCrossFieldValidator());
}
