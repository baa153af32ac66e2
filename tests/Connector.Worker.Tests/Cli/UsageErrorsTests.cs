using System.CommandLine;
using Connector.Worker.Cli;
using Connector.Worker.Tests.Support;

namespace Connector.Worker.Tests.Cli;

public class UsageErrorsTests
{
    private const string AgingUsage = "usage: connector report aging [--from DIR] [--as-of DATE] [--format table|csv|json|xlsx|html] [--out FILE]";

    // A command with its own action and subcommands (audit, audit verify) runs on its own: not a group.
    public static TheoryData<string> Groups => [.. Commands().Where(static c => c.Subcommands.Count > 0 && c.Action is null && c is not RootCommand).Select(CommandUsage.PathOf)];

    [Fact]
    public async Task Run_MistypedCommand_SuggestsTheCommandAndListsTheCommandsExitTwo()
    {
        var result = await InProcess.RunAsync("reprot", "aging");

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.Equal("connector: unknown command 'reprot'; did you mean 'report'?", result.ErrorLines[0]);
        Assert.Equal("usage: connector <command>", result.ErrorLines[1]);
        Assert.Equal("  report       AR reports", result.ErrorLines[2]);
        Assert.Contains("  demo         The connector's whole job on the sample company, on loopback emulators: ingest its ERP export …", result.ErrorLines);
        Assert.Equal(2 + Commands().First().Subcommands.Count, result.ErrorLines.Length);
    }

    [Fact]
    public async Task Run_MistypedOption_SuggestsTheOptionAndShowsTheCommandsUsageExitTwo()
    {
        var result = await InProcess.RunAsync("report", "aging", "--as-off", "2026-01-01");

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.Equal(["connector report aging: unknown option '--as-off'; did you mean '--as-of'?", AgingUsage], result.ErrorLines);
    }

    [Theory]
    [InlineData("connector report aging: unknown option '--bogus'", "report", "aging", "--bogus")]
    [InlineData("connector report aging: unknown option '--as-off'; did you mean '--as-of'?", "report", "aging", "--as-off=2026-01-01")]
    [InlineData("connector report aging: unknown option '-as-of'; did you mean '--as-of'?", "report", "aging", "-as-of", "2026-01-01")]
    [InlineData("connector report aging: unknown option '--form'; did you mean '--format' or '--from'?", "report", "aging", "--form", "csv")]
    [InlineData("connector report aging: unexpected argument 'csv'", "report", "aging", "csv")]
    [InlineData("connector report: unknown command 'agin'; did you mean 'aging'?", "report", "agin")]
    [InlineData("connector report: unknown command 'allow'; did you mean 'allowance'?", "report", "allow")]
    [InlineData("connector: unknown command 'cahs'; did you mean 'cash'?", "cahs", "apply")]
    [InlineData("connector: unknown command 'xyz'", "xyz")]
    [InlineData("connector credit check: unknown option '--custmer'; did you mean '--customer'?", "credit", "check", "--custmer", "C-1", "--amount", "5")]
    public async Task Run_UnknownWordOrOption_OneLineThenTheUsageOfWhereItWasTypedExitTwo(string expected, params string[] args)
    {
        var result = await InProcess.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.Equal(expected, result.ErrorLines[0]);
        Assert.StartsWith("usage: connector ", result.ErrorLines[1], StringComparison.Ordinal);
        Assert.DoesNotContain(result.ErrorLines, static l => l.Contains("Required", StringComparison.Ordinal) || l.Contains("Unrecognized", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_TwoMistypedOptions_OneLineEachThenTheUsageOnce()
    {
        var result = await InProcess.RunAsync("report", "aging", "--formt", "csv", "--as-off", "2026-01-01");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
        [
            "connector report aging: unknown option '--formt'; did you mean '--format'?",
            "connector report aging: unknown option '--as-off'; did you mean '--as-of'?",
            AgingUsage,
        ], result.ErrorLines);
    }

    [Fact]
    public async Task Run_ReportWithoutItsCommand_ListsAgingAllowanceMetricsAndTrendExitTwo()
    {
        var result = await InProcess.RunAsync("report");

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.Equal(
        [
            "connector report: missing command",
            "usage: connector report <command>",
            "  aging      Open items per customer by age bucket, with the company total",
            "  allowance  Allowance for doubtful accounts per aging bucket, and the adjusting entry",
            "  metrics    DSO, best possible DSO, average days delinquent, CEI, % current and % over N days",
            "  trend      Aging, DSO, CEI, % over 90 days, holds and allowance target over time, from the daily snapshots",
        ], result.ErrorLines);
    }

    [Theory]
    [MemberData(nameof(Groups))]
    public async Task Run_GroupWithoutItsCommand_ListsItsCommandsExitTwo(string group)
    {
        var command = Commands().Single(c => CommandUsage.PathOf(c) == group);

        var result = await InProcess.RunAsync(group.Split(' ')[1..]);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.Equal([$"{group}: missing command", $"usage: {group} <command>", .. command.Subcommands.Select(static c => c.Name)], result.ErrorLines.Select(static l => l.Trim().Split("  ")[0]));
    }

    [Fact]
    public async Task Run_CommandWithRequiredOptionMissing_KeepsTheOneLineMessage()
    {
        var result = await InProcess.RunAsync("credit", "check", "--from", Samples.Folder, "--amount", "5");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(["connector: Option '--customer' is required."], result.ErrorLines);
    }

    /// <summary>
    /// Every option and argument of every command, given a value that is not of its kind: refused while parsing (exit 2,
    /// nothing run), in words — never the parser's .NET type names ("as expected type 'System.Int32'").
    /// </summary>
    [Fact]
    public async Task Run_EveryOptionWithAValueNotOfItsKind_RefusedInWordsWithoutTypeNames()
    {
        var checkedOptions = 0;
        foreach (var command in Commands().Where(static c => c.Action is not null))
        {
            // What a command's own check needs first: it runs before the options are parsed, and its error alone would show.
            string[] path = [.. CommandUsage.PathOf(command).Split(' ')[1..], .. CommandChecks.GetValueOrDefault(CommandUsage.PathOf(command), [])];
            var cases = command.Options.Where(static o => o.ValueType != typeof(string) && o.ValueType != typeof(string[]))
                .Select(o => (Name: o.Name, Args: (string[])[.. path, o.Name, o.ValueType == typeof(bool) ? "maybe" : "abc"]))
                .Concat(command.Arguments.Where(static a => a.ValueType != typeof(string)).Select(a => (Name: a.HelpName ?? a.Name, Args: (string[])[.. path, "abc"])));
            foreach (var (name, args) in cases)
            {
                // Parsed first: a value that parses would run the command (the emulators, the demo).
                Assert.True(CommandCatalog.Create(new CliContext(TextWriter.Null, TextWriter.Null, 80)).Parse(args).Errors.Count > 0, string.Join(' ', args));

                var result = await InProcess.RunAsync(args);

                var shown = string.Join(' ', args);
                Assert.True(result.ExitCode == 2, $"{shown}: exit {result.ExitCode}");
                Assert.Empty(result.Output);
                Assert.DoesNotContain("System.", result.Error, StringComparison.Ordinal);
                Assert.DoesNotContain("`1", result.Error, StringComparison.Ordinal);
                Assert.DoesNotContain("expected type", result.Error, StringComparison.Ordinal);
                Assert.True(result.Error.Contains(name, StringComparison.Ordinal) || result.Error.Contains("'maybe'", StringComparison.Ordinal), $"{shown}: {result.Error}");
                checkedOptions++;
            }
        }

        // --limit, --rows, --id ×4, ID, --as-of ×n, --format ×n, --entity ×n, the emulators' numbers, the flags …
        Assert.True(checkedOptions > 50, $"only {checkedOptions} options checked");
    }

    [Theory]
    [InlineData("connector: --limit: expected a whole number of 1 or more, got 'abc'", "audit", "--limit", "abc")]
    [InlineData("connector: --limit: expected a whole number of 1 or more, got '0'", "audit", "--limit", "0")]
    [InlineData("connector: --rows: expected a whole number of 1 or more, got 'x'", "mappings", "preview", "--entity", "invoices", "--input", "/dev/null", "--rows", "x")]
    [InlineData("connector: --id: expected a whole number, got '7b'", "push", "retry", "--id", "4", "7b")]
    [InlineData("connector: ID: expected a whole number, got 'first'", "deadletters", "show", "first")]
    [InlineData("connector: --time-scale: expected a number, got 'fast'", "emulate", "graph", "--time-scale", "fast")]
    [InlineData("connector: --period: expected a month yyyy-MM, got '2026-13'", "statements", "send", "--period", "2026-13")]
    [InlineData("connector: statements send: --resend needs --customer ID (statements are sent again one customer at a time)", "statements", "send", "--resend")]
    [InlineData("connector: --months: expected a whole number of 1 or more, got '0'", "history", "backfill", "--months", "0")]
    [InlineData("connector: --months: expected a whole number from 1 to 120, got '121'", "history", "backfill", "--months", "121")]
    public async Task Run_NumberOptionNotANumber_SaysWhatWasExpectedExitTwo(string expected, params string[] args)
    {
        var result = await InProcess.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([expected], result.ErrorLines);
    }

    private static readonly Dictionary<string, string[]> CommandChecks = new()
    {
        ["connector holds release"] = ["--customer", "C-1001", "--reason", "Paid"],
        ["connector cash reject"] = ["--reason", "Not ours"],
        ["connector cash unapply"] = ["--reason", "Wrong invoice"],
        ["connector evidence"] = ["--customer", "C-1001", "--out", "pack.pdf"],
        ["connector statements send"] = ["--customer", "C-1001"],
    };

    private static IEnumerable<Command> Commands()
    {
        var root = CommandCatalog.Create(new CliContext(TextWriter.Null, TextWriter.Null, 80));
        var pending = new Stack<Command>([root]);
        while (pending.TryPop(out var command))
        {
            yield return command;
            foreach (var sub in command.Subcommands.Reverse())
            {
                pending.Push(sub);
            }
        }
    }
}
