using Connector.Worker;
using Serilog;
using Serilog.Events;

// Bootstrap logger until configuration is read; everything goes to stderr so stdout stays clean for csv/json.
Log.Logger = new LoggerConfiguration()
    .WriteTo.Console(standardErrorFromLevel: LogEventLevel.Verbose, formatProvider: System.Globalization.CultureInfo.InvariantCulture)
    .CreateBootstrapLogger();

try
{
    using var cancellation = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        cancellation.Cancel();
    };
    return await ConnectorApp.RunAsync(args, Console.Out, Console.Error, cancellationToken: cancellation.Token);
}
catch (Exception ex) when (ex is not OperationCanceledException)
{
    Log.Fatal(ex, "connector stopped unexpectedly");
    return ExitCodes.UserMustAct;
}
finally
{
    await Log.CloseAndFlushAsync();
}
