namespace Connector.Emulators.Dataverse.Webhooks;

/// <summary>How the emulator calls registered webhook steps (<see cref="DataverseEmulatorOptions.Webhooks"/>).</summary>
public sealed class WebhookOptions
{
    /// <summary>
    /// How long a call may take before it counts as failed. Dataverse waits 60 s (reference §8.3); the emulator's
    /// default is 2 s so a hung endpoint fails a test quickly. Real time, whatever the emulated clock does.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Attempts an asynchronous step gets before its delivery is recorded as failed (Dataverse retries system jobs over minutes).</summary>
    public int AsyncAttempts { get; set; } = 3;

    /// <summary>Pause between attempts of an asynchronous step (real time).</summary>
    public TimeSpan AsyncRetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Body size above which the context is sent reduced with <c>x-ms-dynamics-msg-size-exceeded</c> (Dataverse: 256 KB).</summary>
    public int MaxPayloadBytes { get; set; } = 256 * 1024;

    /// <summary>The <c>OrganizationName</c> of the context and the <c>x-ms-dynamics-organization</c> header.</summary>
    public string OrganizationName { get; set; } = "emulator";
}
