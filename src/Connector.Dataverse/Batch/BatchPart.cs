namespace Connector.Dataverse.Batch;

/// <summary>One top-level part of a <c>$batch</c>: a lone operation or an atomic change set.</summary>
public abstract record BatchPart
{
    private protected BatchPart()
    {
    }

    /// <summary>Operations this part holds (each counts toward the 1,000 per batch).</summary>
    public abstract int OperationCount { get; }
}

/// <summary>
/// One request inside a <c>$batch</c>. <paramref name="Url"/> is relative to the API base
/// (<c>accounts(accountnumber='C-1')</c>), absolute, or <c>$n</c> (a change set member's result).
/// </summary>
/// <param name="Body">JSON, sent as <c>application/json; type=entry</c>.</param>
/// <param name="Headers">Extra headers for this request (<c>If-Match</c>, <c>Prefer</c> …).</param>
/// <param name="ContentId">Within a change set: its <c>Content-ID</c> (numbered automatically when null).</param>
public sealed record BatchOperation(HttpMethod Method, string Url, string? Body = null, IReadOnlyDictionary<string, string>? Headers = null, string? ContentId = null) : BatchPart
{
    public override int OperationCount => 1;
}

/// <summary>Write operations that succeed or fail together (GETs are not allowed in a change set).</summary>
public sealed record BatchChangeSet(IReadOnlyList<BatchOperation> Operations) : BatchPart
{
    public override int OperationCount => Operations.Count;
}
