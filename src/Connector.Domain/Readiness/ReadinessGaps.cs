namespace Connector.Domain.Readiness;

/// <summary>What an invoice lacks that its customer requires before paying it.</summary>
[Flags]
public enum ReadinessGaps
{
    None = 0,

    /// <summary>The customer requires a PO number on every invoice and this one has none.</summary>
    MissingPoNumber = 1,

    /// <summary>The customer requires proof of delivery and none is recorded for this invoice.</summary>
    MissingProofOfDelivery = 2,
}
