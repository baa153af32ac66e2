using Connector.Sync.Collections;

namespace Connector.Sync.Statements;

/// <summary>
/// How statements go out, from the <c>Dunning</c> section: the shared mailbox they are sent from, the company that signs,
/// the pay link pattern and the copies (<c>Dunning:Cc</c>, <c>Dunning:CustomerCc:{id}</c>).
/// </summary>
public sealed record StatementMailSettings
{
    /// <summary>The mailbox statements are sent from; <c>null</c>: not configured (a dry run still shows what would go).</summary>
    public string? SenderMailbox { get; init; }

    public required DunningMailOptions Dunning { get; init; }

    public string CompanyName => Dunning.CompanyName;

    /// <summary>
    /// The templates folder (<c>Dunning:TemplatesDirectory</c>): the email is written from <c>statement.{language}.hbs</c> in the
    /// customer's language, else English; <c>null</c> (or no such file) keeps the built-in English text.
    /// </summary>
    public DunningTemplates? Templates { get; init; }

    /// <summary>A setting that keeps statements from going out (one line naming it); <c>null</c> when they can.</summary>
    public string? HeldBack { get; init; }
}
