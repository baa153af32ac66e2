namespace Connector.Worker.Tests.Support;

/// <summary>
/// The tests that start a real <c>connector</c> process and kill it at a chosen point run alone: in parallel with the
/// rest of the suite on 2 cores, the test's own polling could be starved long enough for a fast child to finish the
/// file before the kill point was seen (an ingest killed "after line 90,000" had already archived the file).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RealProcessCollection
{
    public const string Name = "real connector processes";
}
