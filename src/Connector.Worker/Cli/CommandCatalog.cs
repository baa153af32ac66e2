using System.CommandLine;
using Connector.Worker.Aging;
using Connector.Worker.Allowance;
using Connector.Worker.Audit;
using Connector.Worker.CashApplication;
using Connector.Worker.Collections;
using Connector.Worker.Credit;
using Connector.Worker.DataverseAdmin;
using Connector.Worker.DeadLetters;
using Connector.Worker.Demo;
using Connector.Worker.Emulation;
using Connector.Worker.Evidence;
using Connector.Worker.Holds;
using Connector.Worker.Ingest;
using Connector.Worker.Mappings;
using Connector.Worker.Metrics;
using Connector.Worker.Push;
using Connector.Worker.Running;
using Connector.Worker.Runs;
using Connector.Worker.Solution;
using Connector.Worker.Statements;
using Connector.Worker.Sync;
using Connector.Worker.Trend;

namespace Connector.Worker.Cli;

/// <summary>The command tree of <c>connector</c>: one line per command, each built in its own file.</summary>
public static class CommandCatalog
{
    public static RootCommand Create(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        return new RootCommand("Receivables connector: AR ledger, aging, credit, collections and cash application")
        {
            cli.ConfigOption,
            new Command("report", "AR reports")
            {
                AgingReportCommand.Create(cli),
                AllowanceReportCommand.Create(cli),
                MetricsReportCommand.Create(cli),
                TrendReportCommand.Create(cli),
            },
            new Command("collections", "Collections: dunning cases and collector queues")
            {
                CollectionPlanCommand.Create(cli),
                CollectionsSendCommand.Create(cli),
                CollectionsFailureCommands.Failures(cli),
                CollectionsFailureCommands.Retry(cli),
            },
            new Command("statements", "Customers' statements of account")
            {
                StatementsSendCommand.Create(cli),
            },
            new Command("holds", "Customer credit holds")
            {
                HoldsEvaluateCommand.Create(cli),
                HoldsListCommand.Create(cli),
                HoldsReleaseCommand.Create(cli),
            },
            new Command("credit", "Order credit checks")
            {
                CreditCheckCommand.Create(cli),
            },
            new Command("cash", "Cash application")
            {
                CashApplyCommand.Create(cli),
                CashExceptionCommands.Exceptions(cli),
                CashExceptionCommands.Accept(cli),
                CashExceptionCommands.Assign(cli),
                CashExceptionCommands.Reject(cli),
                CashExceptionCommands.Unapply(cli),
            },
            MappingCommands.Create(cli),
            IngestCommand.Create(cli),
            DeadLetterCommands.Create(cli),
            AuditCommand.Create(cli),
            EvidenceCommand.Create(cli),
            History.HistoryCommand.Create(cli),
            PushCommands.Create(cli),
            DemoCommand.Create(cli),
            RunCommand.Create(cli),
            RunsCommand.Create(cli),
            SolutionCommands.Create(cli),
            EmulateCommands.Create(cli),
            SyncCommand.Create(cli),
            DataverseCheckCommand.Create(cli),
        };
    }
}
