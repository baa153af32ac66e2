using Connector.Sync.Ports;

namespace Connector.Sync.Collections;

/// <summary>
/// The collections step's Outlook side, present when Graph is configured: the collectors' task lists, the mail sender and
/// how to write. <see cref="Warnings"/> names the settings that hold part of it back (dunning email without its company
/// name, say): the tasks are still written, the email alone waits.
/// </summary>
public sealed record CollectionsChannel(ITaskBoard Board, IMailSender Mail, CollectionsSyncOptions Options)
{
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
