using System.Globalization;
using System.Security.Cryptography;

namespace Connector.Sync.Cycle;

/// <summary>
/// The one run-id format of every cycle (<c>run</c>, <c>sync --once</c>, <c>demo</c>): time-ordered so people can
/// quote and sort them, unique enough for a log search (<c>20261122-224701-3fa9</c>).
/// </summary>
public static class SyncRunIds
{
    public static string Next(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return time.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2));
    }
}
