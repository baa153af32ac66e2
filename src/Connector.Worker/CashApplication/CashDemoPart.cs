using Connector.Domain.CashApplication;
using Connector.Worker.Demo;
using Connector.Worker.Output;

namespace Connector.Worker.CashApplication;

/// <summary>The demo's cash-application part: match rates, applications by method, the exception queue's size.</summary>
internal static class CashDemoPart
{
    public static DemoSummary Summarize(DemoInput input)
    {
        var result = CashApplyCommand.Apply(input.Ledger, input.AsOf, input.Company, input.Run.Policy<CashApplicationPolicy>());
        var byMethod = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var application in result.Applications)
        {
            var method = CashApplyCommand.Name(application.Method);
            byMethod[method] = byMethod.GetValueOrDefault(method) + 1;
        }

        var summary = CashApplyCommand.Summary(result);
        var methods = new ReportSection(
            "Applications by rule",
            [ReportColumn.Text("method", "Rule"), ReportColumn.Number("count", "Applications")],
            [.. byMethod.Select(static m => new ReportRow([Cell.Of(m.Key), Cell.Integer(m.Value)]))]);
        return new DemoSummary(
            [summary with { Title = "Cash application (connector cash apply)" }, methods],
            [.. result.Notes.Select(static n => $"Cash application: {n}")]);
    }
}
