using Connector.Emulators.Graph;
using Connector.Graph.Configuration;
using Connector.Graph.Mail;
using Connector.Graph.Todo;
using Connector.Sync.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Graph.Tests.Support;

/// <summary>The Graph emulator on a free loopback port with mailboxes 'alice' and 'ar', and the client as <c>AddGraph</c> wires it.</summary>
internal sealed class GraphTestHost : IAsyncDisposable
{
    public const string Token = "graph-token-5b1e-never-print-me";

    private GraphTestHost(GraphEmulator emulator, ServiceProvider services)
    {
        Emulator = emulator;
        Services = services;
    }

    public GraphEmulator Emulator { get; }

    public GraphState State => Emulator.State;

    public ServiceProvider Services { get; }

    public ITaskBoard Board => Services.GetRequiredService<ITaskBoard>();

    public IMailSender Mail => Services.GetRequiredService<IMailSender>();

    public GraphTaskBoard GraphBoard => Services.GetRequiredService<GraphTaskBoard>();

    public GraphMailSender GraphMail => Services.GetRequiredService<GraphMailSender>();

    /// <param name="configure">Emulator options (limits, latency, observer).</param>
    /// <param name="settings">Extra <c>Graph:*</c> settings, overriding the defaults here.</param>
    /// <param name="time">One clock for the emulator and the client (a FakeTimeProvider the test advances); the system clock when null.</param>
    public static async Task<GraphTestHost> StartAsync(Action<GraphEmulatorOptions>? configure = null, IDictionary<string, string?>? settings = null, TimeProvider? time = null)
    {
        var options = new GraphEmulatorOptions { TimeProvider = time ?? TimeProvider.System };
        options.Users.Add("alice");
        options.Users.Add("ar@contoso.example");
        configure?.Invoke(options);
        var emulator = await GraphEmulator.StartAsync(options, CancellationToken.None);
        return new GraphTestHost(emulator, Client(emulator, settings, time));
    }

    /// <summary>Another client of the same emulator, with other settings (a short timeout only for the call under test).</summary>
    public ServiceProvider ClientWith(IDictionary<string, string?> settings) => Client(Emulator, settings);

    private static ServiceProvider Client(GraphEmulator emulator, IDictionary<string, string?>? settings, TimeProvider? time = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Graph:BaseUrl"] = emulator.ApiUrl.ToString(),
            ["Graph:AccessToken"] = Token,
            ["Graph:MaxRetries"] = "3",
            ["Graph:TimeoutSeconds"] = "10",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values["Graph:" + key] = value;
        }

        var services = new ServiceCollection();
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddGraph(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        return services.BuildServiceProvider(validateScopes: true);
    }

    /// <summary>A case's task content, the way the planner fills it in.</summary>
    public static TaskContent Content(string caseId, string title = "Call Contoso Ltd — 12,400.00 USD overdue (61–90 days)") => new()
    {
        ExternalId = caseId,
        Title = title,
        HtmlBody = "<p>Open items: INV-77 12,400.00 USD</p>",
        DueDate = new DateOnly(2025, 7, 8),
        Importance = Domain.Collections.Importance.High,
        Categories = ["AR level 2 – Remind"],
        AccountUrl = new Uri("https://contoso.crm4.dynamics.com/main.aspx?etn=account&id=6f1c"),
        LinkName = "Contoso Ltd (C1)",
    };

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Emulator.DisposeAsync();
    }
}
