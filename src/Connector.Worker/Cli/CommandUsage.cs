using System.CommandLine;

namespace Connector.Worker.Cli;

/// <summary>
/// The short usage shown under a usage error: for a command, one line with its options
/// (<c>usage: connector report aging [--from DIR] [--as-of DATE] [--format table|csv|json]</c>); for a group,
/// its commands with their descriptions. <c>--help</c> stays the long form.
/// </summary>
public static class CommandUsage
{
    /// <summary>The root's name is the executable's (<c>testhost</c> under tests): people type <c>connector</c>.</summary>
    public const string Program = "connector";

    /// <summary><c>connector report aging</c>: how a person types the command.</summary>
    public static string PathOf(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var names = new List<string>();
        for (var current = command; current is not null && current is not RootCommand; current = current.Parents.OfType<Command>().FirstOrDefault())
        {
            names.Add(current.Name);
        }

        names.Add(Program);
        names.Reverse();
        return string.Join(' ', names);
    }

    public static IReadOnlyList<string> Lines(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var subcommands = command.Subcommands.Where(static c => !c.Hidden).ToList();
        if (subcommands.Count > 0)
        {
            var width = subcommands.Max(static c => c.Name.Length);
            return
            [
                $"usage: {PathOf(command)} <command>",
                .. subcommands.Select(c => $"  {c.Name.PadRight(width)}  {Summary(c.Description)}".TrimEnd()),
            ];
        }

        var parts = new List<string> { PathOf(command) };
        parts.AddRange(command.Arguments.Where(static a => !a.Hidden).Select(static a => a.HelpName ?? a.Name.ToUpperInvariant()));
        parts.AddRange(command.Options.Where(static o => !o.Hidden).Select(Usage));
        return [$"usage: {string.Join(' ', parts)}"];
    }

    // A description cut to a line's worth at a word (--help has the whole of it).
    private static string Summary(string? description)
    {
        const int Width = 100;
        if (description is null || description.Length <= Width)
        {
            return description ?? string.Empty;
        }

        var cut = description.LastIndexOf(' ', Width);
        return description[..(cut > 0 ? cut : Width)].TrimEnd(',', ';', ':') + " …";
    }

    // --from DIR, --id ID…, --dry-run; optional ones in brackets.
    private static string Usage(Option option)
    {
        var value = option.ValueType == typeof(bool) || option.Arity.MaximumNumberOfValues == 0
            ? string.Empty
            : " " + (option.HelpName ?? option.Name.TrimStart('-').ToUpperInvariant()) + (option.Arity.MaximumNumberOfValues > 1 ? "…" : string.Empty);
        return option.Required ? option.Name + value : $"[{option.Name}{value}]";
    }
}
