using System.Globalization;
using System.Text.Json;
using Connector.Worker.Tests.Support;

namespace Connector.Worker.Tests.Collections;

public class CollectionPlanCommandTests
{
    private const string CaseHeader = "case_id,customer_id,customer_name,level,level_name,amount,currency,priority,importance,factors,collector,assignment_reason,assignment,next_action,due_date,state,description";

    [Fact]
    public async Task Run_SamplesCsv_OneCasePerCustomerByPriorityWithQueuesAndSkipped()
    {
        var result = await InProcess.RunAsync("collections", "plan", "--from", Samples.Folder, "--as-of", Samples.AsOf, "--format", "csv");

        Assert.Equal(0, result.ExitCode);
        var sections = Csv.Sections(result.Output);
        Assert.Equal(3, sections.Count);
        Assert.Equal(CaseHeader, string.Join(',', sections[0][0]));
        Assert.Equal("assignee_id,name,cases,high,normal,low,amount", string.Join(',', sections[1][0]));
        Assert.Equal("customer_id,outcome,reason", string.Join(',', sections[2][0]));

        var cases = Csv.Records(sections[0]);
        Assert.NotEmpty(cases);
        Assert.Equal(cases.Count, cases.Select(static c => c["customer_id"]).Distinct().Count());
        Assert.All(cases, static c => Assert.Equal("CASE-" + c["customer_id"], c["case_id"]));
        var priorities = cases.Select(static c => long.Parse(c["priority"], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(priorities.OrderDescending(), priorities);

        // samples/README.md: C-1151's INV-004068 is 155 days past due (10,370.89 open) → at least level 4.
        var kestrel = cases.Single(static c => c["customer_id"] == "C-1151");
        Assert.True(int.Parse(kestrel["level"], CultureInfo.InvariantCulture) >= 4, $"C-1151 at level {kestrel["level"]}");
        Assert.Equal("10370.89", kestrel["amount"]);
        Assert.Equal("USD", kestrel["currency"]);
        Assert.Contains("INV-004068 155 days past due", kestrel["description"], StringComparison.Ordinal);

        // C-1029: only disputed items are overdue → no case, listed as skipped with the reason.
        Assert.DoesNotContain(cases, static c => c["customer_id"] == "C-1029");
        var skipped = Csv.Records(sections[2]).Single(static s => s["customer_id"] == "C-1029");
        Assert.Equal("disputed_only", skipped["outcome"]);
        Assert.Contains("only disputed items are overdue", skipped["reason"], StringComparison.Ordinal);

        // Queues: every case is in exactly one; the TOTAL row counts them all.
        var queues = Csv.Records(sections[1]);
        var total = queues[^1];
        Assert.Equal("TOTAL", total["assignee_id"]);
        Assert.Equal(cases.Count, int.Parse(total["cases"], CultureInfo.InvariantCulture));
        Assert.Equal(cases.Count, queues.SkipLast(1).Sum(static q => int.Parse(q["cases"], CultureInfo.InvariantCulture)));
        foreach (var queue in queues.SkipLast(1))
        {
            Assert.Equal(cases.Count(c => c["collector"] == queue["assignee_id"]), int.Parse(queue["cases"], CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task Run_SamplesJson_CarriesPromisePauseBoostAndAssignmentReasons()
    {
        var result = await InProcess.RunAsync("collections", "plan", "--from", Samples.Folder, "--as-of", Samples.AsOf, "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        Assert.Equal("2026-11-16", root.GetProperty("as_of").GetString());
        var cases = root.GetProperty("cases").EnumerateArray().ToDictionary(static c => c.GetProperty("customer_id").GetString()!);

        // C-1095: an active promise due 2026-11-20 pauses the case.
        Assert.Equal("paused", cases["C-1095"].GetProperty("state").GetString());
        Assert.Equal("none", cases["C-1095"].GetProperty("next_action").GetProperty("kind").GetString());

        // C-1043 broke a promise due 2026-10-21: the boost is one of the priority's factors.
        var boost = cases["C-1043"].GetProperty("priority").GetProperty("factors").EnumerateArray().Single(static f => f.GetProperty("name").GetString() == "Broken promise");
        Assert.Equal(10000m, boost.GetProperty("value").GetDecimal());

        // C-1092 has no collector in the ERP: the rules chose one, and say why.
        var assignment = cases["C-1092"].GetProperty("assignment");
        Assert.NotEqual("explicit", assignment.GetProperty("reason").GetString());
        Assert.StartsWith("COL-", assignment.GetProperty("collector_id").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(assignment.GetProperty("explanation").GetString()));

        Assert.Equal("D", cases["C-1112"].GetProperty("risk_class").GetString());
        Assert.False(cases.ContainsKey("C-1029"));
        Assert.Contains(root.GetProperty("skipped").EnumerateArray(), static s => s.GetProperty("customer_id").GetString() == "C-1029" && s.GetProperty("outcome").GetString() == "disputed_only");
        Assert.Equal(8, root.GetProperty("queues").GetArrayLength());
        Assert.Equal(cases.Count, root.GetProperty("queues").EnumerateArray().Sum(static q => q.GetProperty("count").GetInt32()));
    }

    [Fact]
    public async Task Run_Table_ShowsCasesQueuesAndSkippedForPeople()
    {
        var result = await InProcess.RunAsync("collections", "plan", "--from", Samples.Folder, "--as-of", Samples.AsOf);

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("Collection plan as of 2026-11-16: ", result.Output, StringComparison.Ordinal);
        Assert.Contains("Kestrel Printing Corp.", result.Output, StringComparison.Ordinal);
        Assert.Contains("4 Final notice", result.Output, StringComparison.Ordinal);
        Assert.Contains("Queues (USD)", result.Output, StringComparison.Ordinal);
        Assert.Contains("Customers with something overdue but no case", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("CASE-", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_SamplesNameNoArManager_WarnsTheAdministratorAndTheDescriptionsNameNoSetting()
    {
        var result = await InProcess.RunAsync("collections", "plan", "--from", Samples.Folder, "--as-of", Samples.AsOf, "--format", "csv");

        Assert.Equal(0, result.ExitCode);
        var cases = Csv.Records(Csv.Sections(result.Output)[0]);
        var agency = cases.Count(static c => c["next_action"] == "manager_task");
        Assert.True(agency > 0, "the samples have cases at the agency step");
        Assert.Contains($"warning: {agency} case(s) at an AR manager step went to their collectors: Collections:ArManagerId names no AR manager.", result.ErrorLines);
        Assert.All(cases, static c => Assert.DoesNotContain("Collections:", c["description"], StringComparison.Ordinal));
        Assert.Contains(cases, static c => c["description"].StartsWith("AR manager task (no AR manager is named, so it is yours), level 5 (Agency): ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_InvalidCollectionsSetting_ExitsOneNamingIt()
    {
        using var folder = TempFolder.Create();
        var config = folder.Write("settings.json", """{ "Collections": { "Priority": { "HighThreshold": 100 } } }""");

        var result = await InProcess.RunAsync("collections", "plan", "--from", Samples.Folder, "--as-of", Samples.AsOf, "--config", config);

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.Equal(["Collections:Priority:HighThreshold must be greater than Collections:Priority:NormalThreshold (5000) (was 100)."], result.ErrorLines);
    }

    [Fact]
    public async Task Run_BadData_ExitsOneWithThePreciseError()
    {
        using var folder = Fixtures.GoodWith("unknown-customer");

        var result = await InProcess.RunAsync("collections", "plan", "--from", folder.Path, "--as-of", "2026-06-30");

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.Equal(["invoices.csv:2: column 'customer_id': unknown customer 'C9' (not in customers.csv)"], result.ErrorLines);
    }
}
