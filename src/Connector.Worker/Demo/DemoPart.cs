using Connector.Sync.Evaluation;
using Connector.Worker.Cli;
using Connector.Worker.Output;

namespace Connector.Worker.Demo;

/// <summary>
/// What every part of the demo summary gets: the one evaluation of the sample company, the running command, and whether
/// the product path ran (the company pushed to Dynamics and Outlook, whose views the demo then shows instead).
/// </summary>
public sealed record DemoInput(LedgerEvaluation Evaluation, CommandRun Run, bool Synced);

/// <summary>One capability's part of the demo summary: the sections it adds (and notes for people).</summary>
public delegate DemoSummary DemoPart(DemoInput input);

public sealed record DemoSummary(IReadOnlyList<ReportSection> Sections, IReadOnlyList<string> Notes)
{
    public static DemoSummary None { get; } = new([], []);

    public DemoSummary(params ReportSection[] sections)
        : this(sections, [])
    {
    }
}
