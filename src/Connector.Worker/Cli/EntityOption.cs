using System.CommandLine;
using Connector.Mapping.Canonical;

namespace Connector.Worker.Cli;

/// <summary><c>--entity NAME</c>: one of the canonical entities (customers, invoices, …).</summary>
public static class EntityOption
{
    public static Option<CanonicalEntity?> Create(string description, bool required = false) => new("--entity")
    {
        Description = description,
        HelpName = string.Join('|', CanonicalSchema.All.Select(static s => s.Name)),
        Required = required,
        CustomParser = static result =>
        {
            if (result.Tokens.Count == 0)
            {
                return null;
            }

            var text = result.Tokens[0].Value;
            if (CanonicalSchema.Find(text) is { } schema)
            {
                return schema.Entity;
            }

            result.AddError($"--entity: unknown entity '{text}' (expected one of {string.Join(", ", CanonicalSchema.All.Select(static s => s.Name))})");
            return null;
        },
    };

    public static string Name(CanonicalEntity entity) => CanonicalSchema.Of(entity).Name;
}
