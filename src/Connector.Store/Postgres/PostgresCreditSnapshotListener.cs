using System.Globalization;
using Npgsql;

namespace Connector.Store.Postgres;

/// <summary>
/// <c>LISTEN connector_credit_snapshot</c> on a connection of its own, waiting with <see cref="NpgsqlConnection.WaitAsync(CancellationToken)"/>;
/// each notification's payload is the published version. A lost connection is opened again after a pause; what was
/// published meanwhile the caller's polling finds.
/// </summary>
internal sealed class PostgresCreditSnapshotListener : IAsyncDisposable
{
    public const string Channel = "connector_credit_snapshot";

    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(2);

    private readonly NpgsqlDataSource dataSource;
    private readonly Action<long> published;
    private readonly TimeProvider time;
    private readonly CancellationTokenSource stop = new();
    private Task? loop;

    private PostgresCreditSnapshotListener(NpgsqlDataSource dataSource, Action<long> published, TimeProvider time)
    {
        this.dataSource = dataSource;
        this.published = published;
        this.time = time;
    }

    /// <summary>Listens before returning: a version committed after this call is heard.</summary>
    public static async Task<PostgresCreditSnapshotListener> StartAsync(NpgsqlDataSource dataSource, Action<long> published, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(published);
        var listener = new PostgresCreditSnapshotListener(dataSource, published, time);
        var first = await listener.ListenAsync(cancellationToken).ConfigureAwait(false);
        listener.loop = Task.Run(() => listener.RunAsync(first), CancellationToken.None);
        return listener;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        if (loop is not null)
        {
            await loop.ConfigureAwait(false);
        }

        stop.Dispose();
    }

    private async Task<NpgsqlConnection> ListenAsync(CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            connection.Notification += OnNotification;
            await using var command = new NpgsqlCommand($"LISTEN {Channel}", connection);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task RunAsync(NpgsqlConnection? connection)
    {
        var token = stop.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                connection ??= await ListenAsync(token).ConfigureAwait(false);
                await connection.WaitAsync(token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or InvalidOperationException or TimeoutException)
            {
                // The server restarted or the network dropped: listen again shortly; polling covers the gap.
                if (connection is not null)
                {
                    await connection.DisposeAsync().ConfigureAwait(false);
                    connection = null;
                }

                try
                {
                    await Task.Delay(Reconnect, time, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        if (connection is not null)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void OnNotification(object? sender, NpgsqlNotificationEventArgs e)
    {
        if (long.TryParse(e.Payload, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            published(version);
        }
    }
}
