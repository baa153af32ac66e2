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

    // SIGTERM (systemd, docker stop, kill) stops a command the same way as Ctrl+C: long-running commands that are not the
    // generic host (connector emulate) would otherwise wait for a cancellation that never comes.
    using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
    {
        context.Cancel = true;
        cancellation.Cancel();
    });
    return await ConnectorApp.RunAsync(args, Console.Out, Console.Error, cancellationToken: cancellation.Token);
}
catch (Exception ex)
{
    // The last resort: ConnectorApp already turns every failure of a command into one line on stderr (the details in a
    // file it names) and Ctrl+C into exit 130; what reaches here failed around it (stderr itself, say).
    Log.Fatal(ex, "connector stopped unexpectedly");
    return ExitCodes.UserMustAct;
}
finally
{
    await Log.CloseAndFlushAsync();
}
