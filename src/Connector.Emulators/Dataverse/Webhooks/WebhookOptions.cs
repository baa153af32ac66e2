namespace Connector.Emulators.Dataverse.Webhooks;

/// <summary>How the emulator calls registered webhook steps (<see cref="DataverseEmulatorOptions.Webhooks"/>).</summary>
public sealed class WebhookOptions
{
    /// <summary>
    /// How long a call may take before it counts as failed: 60 s, as Dataverse waits (fidelity facts 19). Measured on
    /// <see cref="TimeProvider"/>, so a test can pass it without waiting a minute.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The clock the <see cref="Timeout"/> and the pause before a retry run on; <c>null</c>: real time, whatever the
    /// emulated clock of the Web API does.
    /// </summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>Pause before the one retry an asynchronous step gets after a 502, 503 or 504.</summary>
    public TimeSpan AsyncRetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Body size above which the context is sent reduced with <c>x-ms-dynamics-msg-size-exceeded</c> (Dataverse: 256 KB).</summary>
    public int MaxPayloadBytes { get; set; } = 256 * 1024;

    /// <summary>The <c>OrganizationName</c> of the context and the <c>x-ms-dynamics-organization</c> header.</summary>
    public string OrganizationName { get; set; } = "emulator";
}
