using System.CommandLine;
using System.CommandLine.Parsing;
using Connector.Settings;

namespace Connector.Worker.Cli;

/// <summary>
/// What a person reads when the command line does not parse (exit 2), one line per error:
/// <list type="bullet">
/// <item>a word or option the command does not know: <c>connector report aging: unknown option '--as-off'; did you mean '--as-of'?</c>
/// (<c>connector: unknown command 'reprot'; did you mean 'report'?</c>), then the usage of the command it was typed at;</item>
/// <item>a group without its command (<c>connector report</c>): <c>connector report: missing command</c> and the group's commands;</item>
/// <item>anything else (a bad value, a missing required option): <c>connector: </c> and the option's own message.</item>
/// </list>
/// A mistyped word explains the errors that follow from it (its value left over, a required option "missing"),
/// so when there is one, only the mistyped words are reported.
/// </summary>
public static class UsageErrors
{
    public static IReadOnlyList<string> Describe(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        if (Unknown(parse) is { Count: > 0 } unknown)
        {
            return [.. unknown.Select(static u => u.Line), .. CommandUsage.Lines(unknown[0].At)];
        }

        if (parse.CommandResult.Command is { Action: null } group && group.Subcommands.Count > 0)
        {
            return [$"{CommandUsage.PathOf(group)}: missing command", .. CommandUsage.Lines(group)];
        }

        return [.. parse.Errors.Select(static e => $"{CommandUsage.Program}: {e.Message}")];
    }

    private static List<(string Line, Command At)> Unknown(ParseResult parse)
    {
        if (parse.UnmatchedTokens.Count == 0)
        {
            return [];
        }

        var consumed = new HashSet<Token>(ReferenceEqualityComparer.Instance);
        var commands = new Dictionary<Token, Command>(ReferenceEqualityComparer.Instance);
        Collect(parse.RootCommandResult, consumed, commands);

        var found = new List<(string, Command)>();
        Command at = parse.RootCommandResult.Command;
        var previousWasUnknownOption = false;
        var reportedWord = false;
        foreach (var token in parse.Tokens)
        {
            if (commands.TryGetValue(token, out var command))
            {
                at = command;
                previousWasUnknownOption = false;
                continue;
            }

            if (consumed.Contains(token) || token.Type != TokenType.Argument)
            {
                previousWasUnknownOption = false;
                continue;
            }

            if (token.Value.Length > 1 && token.Value[0] == '-')
            {
                found.Add((UnknownOption(token.Value, at), at));
                previousWasUnknownOption = true;
            }
            else if (previousWasUnknownOption)
            {
                // The value of the option just reported (--as-off 2026-01-01).
                previousWasUnknownOption = false;
            }
            else if (!reportedWord)
            {
                // The first stray word; the rest of the line was meant for it (connector reprot aging).
                found.Add((UnknownWord(token.Value, at), at));
                reportedWord = true;
            }
        }

        return found;
    }

    private static string UnknownOption(string token, Command at)
    {
        // --as-off=2026-01-01: the parser splits name and value only for options it knows.
        var cut = token.IndexOfAny(['=', ':']);
        var name = cut > 0 ? token[..cut] : token;
        // Compared without dashes: "-as-of" and "--as-of" are the same word.
        var names = OptionsOf(at).SelectMany(static o => o.Aliases.Prepend(o.Name)).Where(static n => n.StartsWith("--", StringComparison.Ordinal)).Select(static n => n[2..]);
        var question = Suggestions.DidYouMean([.. Suggestions.Closest(name.TrimStart('-'), names).Select(static n => "--" + n)]);
        return $"{CommandUsage.PathOf(at)}: unknown option '{name}'{Hint(question)}";
    }

    private static string UnknownWord(string token, Command at)
    {
        var subcommands = at.Subcommands.Where(static c => !c.Hidden).ToList();
        return subcommands.Count > 0
            ? $"{CommandUsage.PathOf(at)}: unknown command '{token}'{Hint(Suggestions.DidYouMean(token, subcommands.SelectMany(static c => c.Aliases.Prepend(c.Name))))}"
            : $"{CommandUsage.PathOf(at)}: unexpected argument '{token}'";
    }

    private static string Hint(string question) => question.Length == 0 ? string.Empty : "; " + question;

    // The command's own options and the ones it inherits (--config, --help).
    private static IEnumerable<Option> OptionsOf(Command command)
    {
        foreach (var option in command.Options.Where(static o => !o.Hidden))
        {
            yield return option;
        }

        for (var parent = command.Parents.OfType<Command>().FirstOrDefault(); parent is not null; parent = parent.Parents.OfType<Command>().FirstOrDefault())
        {
            foreach (var option in parent.Options.Where(static o => o.Recursive && !o.Hidden))
            {
                yield return option;
            }
        }
    }

    private static void Collect(CommandResult result, HashSet<Token> consumed, Dictionary<Token, Command> commands)
    {
        commands[result.IdentifierToken] = result.Command;
        consumed.UnionWith(result.Tokens);
        foreach (var child in result.Children)
        {
            switch (child)
            {
                case CommandResult command:
                    Collect(command, consumed, commands);
                    break;
                case OptionResult option:
                    if (option.IdentifierToken is { } identifier)
                    {
                        consumed.Add(identifier);
                    }

                    consumed.UnionWith(option.Tokens);
                    break;
                default:
                    consumed.UnionWith(child.Tokens);
                    break;
            }
        }
    }
}
