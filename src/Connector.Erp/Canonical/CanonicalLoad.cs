using Connector.Domain.Ledger;

namespace Connector.Erp.Canonical;

/// <summary>
/// The outcome of reading a canonical folder: the ledger when every row was valid, else every error.
/// Never both: a partly valid folder does not produce a partial report (decision 9).
/// </summary>
public sealed record CanonicalLoad(ArLedger? Ledger, IReadOnlyList<CanonicalError> Errors)
{
    public bool Succeeded => Ledger is not null;
}
