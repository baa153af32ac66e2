namespace Connector.Worker;

/// <summary>The process exit codes every command uses (a contract for scripts and CI).</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Bad data or invalid configuration: the user must act (the reasons are on stderr).</summary>
    public const int UserMustAct = 1;

    /// <summary>Bad usage: unknown option, missing required option, unparsable value.</summary>
    public const int BadUsage = 2;

    /// <summary><c>credit check</c>: the order is blocked.</summary>
    public const int CreditBlocked = 3;

    /// <summary>Stopped by Ctrl+C or SIGTERM before it finished (128 + SIGINT, as shells report it); <c>connector run</c> exits 0 instead.</summary>
    public const int Interrupted = 130;
}
