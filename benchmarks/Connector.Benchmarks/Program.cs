using Connector.Benchmarks.Runs;

// Timed runs print their figures and their ratio to the goal; see benchmarks/README.md.
var mode = args.Length > 0 ? args[0] : "evaluate";
return mode switch
{
    "evaluate" when args.Contains("--composition") => await LedgerComposition.RunAsync(args[1..]),
    "evaluate" => EvaluationRun.Run(args[1..]),
    "cash" => CashApplicationRun.Run(args[1..]),
    "ingest" => await IngestRun.RunAsync(args[1..]),
    "push" => await PushRun.RunAsync(args[1..]),
    "cycle" => await CycleRun.RunAsync(args[1..]),
    "tasks" => await TasksRun.RunAsync(args[1..]),
    "webhook" => await WebhookRun.RunAsync(args[1..]),
    "transforms" => TransformRun.Run(args[1..]),
    "bank" => BankRun.Run(args[1..]),
    "bank-cash" => await BankCashRun.RunAsync(args[1..]),
    "history" => await HistoryRun.RunAsync(args[1..]),
    "statements" => StatementsRun.Run(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Connector.Benchmarks evaluate|cash|ingest|push|tasks|webhook|cycle|transforms|bank|bank-cash|history|statements [--customers N] [--invoices N] [--orders N] [--payments N] [--rows N] [--entries N] [--items N] [--cases N] [--collectors N] [--latency-ms X] [--time-scale X] [--parallelism N] [--rate X] [--seconds X] [--warmup-seconds X] [--decisions N] [--postgres] [--parts]");
    return 2;
}
