using Connector.Domain.Ledger;

namespace Connector.Domain.Collections;

/// <summary>
/// The age weights and risk factors of one <see cref="CollectionCaseEvaluator"/>, compiled once and
/// never changed, so a <see cref="CollectionSummary"/> can look its weight, band and factor up when
/// read instead of carrying them (100,000 summaries per evaluation).
/// </summary>
internal sealed class PriorityScale(AgeBands bands, decimal[] riskFactors)
{
    public (decimal Weight, string Label) Band(int daysPastDue) => bands.Find(daysPastDue);

    public decimal FactorOf(RiskClass risk) => riskFactors[(int)risk];
}
