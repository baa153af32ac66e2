using Connector.Emulators.Dataverse.Protection;
using Connector.Emulators.Dataverse.Records;
using Microsoft.AspNetCore.WebUtilities;

namespace Connector.Emulators.Dataverse.WebApi;

/// <summary>
/// One Web API operation, whether it came as an HTTP request or as a part of a <c>$batch</c>: the handlers see only
/// this, so a batch dispatches its parts through the same code without an HTTP loopback.
/// </summary>
internal sealed class ApiRequest
{
    private Dictionary<string, string>? query;

    public required string Method { get; init; }

    /// <summary>The resource path after <c>/api/data/v9.x/</c>, URL-decoded, e.g. <c>accounts(accountnumber='A-1')</c>.</summary>
    public required string Path { get; init; }

    /// <summary>The raw query string without <c>?</c>.</summary>
    public required string RawQuery { get; init; }

    public required IReadOnlyDictionary<string, string> Headers { get; init; }

    public required string Body { get; init; }

    /// <summary>The absolute service root, e.g. <c>http://127.0.0.1:5000/api/data/v9.2/</c>: entity ids and links are built on it.</summary>
    public required Uri ServiceRoot { get; init; }

    /// <summary>The caller identity the front door established; null means the system user.</summary>
    public string? Caller { get; init; }

    /// <summary>Where handlers report records written or read (null without the front door).</summary>
    public ExecutionCostFeature? Cost { get; init; }

    /// <summary>Inside a change set: the undo journal, and the entity URLs earlier members produced by Content-ID.</summary>
    public UndoJournal? Journal { get; init; }

    public IReadOnlyDictionary<string, string>? ContentIdUrls { get; init; }

    /// <summary>Query options, decoded (later duplicates win).</summary>
    public IReadOnlyDictionary<string, string> Query
    {
        get
        {
            if (query is null)
            {
                query = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (name, values) in QueryHelpers.ParseQuery(RawQuery))
                {
                    query[name] = values.ToString();
                }
            }

            return query;
        }
    }

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public Preferences Preferences => Preferences.Parse(Header("Prefer"));

    /// <summary>The entity URL a <c>$n</c> reference stands for, or null when no such Content-ID came earlier in the change set.</summary>
    public string? ResolveContentId(string reference) =>
        ContentIdUrls is not null && ContentIdUrls.TryGetValue(reference, out var url) ? url : null;
}
