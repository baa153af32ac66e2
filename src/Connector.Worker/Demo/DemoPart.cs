using Connector.Domain.Ledger;
using Connector.Domain.Policies;
using Connector.Worker.Cli;
using Connector.Worker.Output;

namespace Connector.Worker.Demo;

/// <summary>What every part of the demo summary gets: the sample ledger, its date, the company and the running command.</summary>
public sealed record DemoInput(ArLedger Ledger, DateOnly AsOf, CompanyPolicy Company, CommandRun Run);

/// <summary>One capability's part of the demo summary: the sections it adds (and notes for people).</summary>
public delegate DemoSummary DemoPart(DemoInput input);

public sealed record DemoSummary(IReadOnlyList<ReportSection> Sections, IReadOnlyList<string> Notes)
{
    public DemoSummary(params ReportSection[] sections)
        : this(sections, [])
    {
    }
}
