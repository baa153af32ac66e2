using Connector.Domain.Aging;
using Connector.Domain.Collections;
using Connector.Domain.Credit;

namespace Connector.Domain.Evaluation;

/// <summary>
/// Everything one evaluation decided about every customer: aging, exposure and holds (as credit
/// snapshots the order check reads), and each customer's dunning level and priority.
/// </summary>
public sealed class PortfolioEvaluation
{
    internal PortfolioEvaluation(DateOnly asOf, AgingReport aging, CreditEvaluation credit, IReadOnlyList<CollectionSummary> collections)
    {
        AsOf = asOf;
        Aging = aging;
        Credit = credit;
        Collections = collections;
    }

    public DateOnly AsOf { get; }

    public AgingReport Aging { get; }

    public CreditEvaluation Credit { get; }

    /// <summary>Dunning level and priority per customer, in the ledger's account order.</summary>
    public IReadOnlyList<CollectionSummary> Collections { get; }

    public int CustomersOnHold => Credit.OnHoldCount;

    public int OpenCases
    {
        get
        {
            if (Collections is CollectionSummaryList list)
            {
                return list.CaseCount();
            }

            var count = 0;
            foreach (var summary in Collections)
            {
                if (summary.HasCase)
                {
                    count++;
                }
            }

            return count;
        }
    }
}
