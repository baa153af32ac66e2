using Connector.Domain.CashApplication;
using Connector.Worker.Demo;
using Connector.Worker.Output;

namespace Connector.Worker.CashApplication;

/// <summary>The demo's cash-application part: match rates, cash applied and left, and the applications by rule, in one table.</summary>
internal static class CashDemoPart
{
    public static DemoSummary Summarize(DemoInput input)
    {
        var result = CashApplyCommand.Apply(input.Evaluation, input.Run.Policy<CashApplicationPolicy>());
        var byMethod = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var application in result.Applications)
        {
            var method = CashApplyCommand.Name(application.Method);
            byMethod[method] = byMethod.GetValueOrDefault(method) + 1;
        }

        var summary = CashApplyCommand.Summary(result);
        var rows = new List<ReportRow>(summary.Rows);
        rows.AddRange(byMethod.Select(static m => new ReportRow([Cell.Of($"applications by the {m.Key} rule"), Cell.Integer(m.Value)])));
        return new DemoSummary(
            [summary with { Title = "Cash application (connector cash apply)", Rows = rows }],
            [.. result.Notes.Select(static n => $"Cash application: {n}")]);
    }
}
