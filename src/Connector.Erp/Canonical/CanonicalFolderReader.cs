using Connector.Domain.Ledger;
using Connector.Mapping.Canonical;
using Connector.Mapping.Rows;

namespace Connector.Erp.Canonical;

/// <summary>
/// Reads a folder of canonical CSV files (customers.csv and invoices.csv required; payments, orders, rates,
/// promises and collectors optional) into an <see cref="ArLedger"/>, on the same contract as ingest: the
/// fields, types, lengths, choices, references and keys of <see cref="CanonicalSchema"/>, the
/// <see cref="CrossFieldRules"/>, and <see cref="LedgerAssembler"/> to build the ledger. Strict (decision 9):
/// every malformed field, duplicate id and dangling reference is reported, one line each, and any error means
/// no ledger.
/// </summary>
public static class CanonicalFolderReader
{
    /// <summary>The files in the README's order, which is the order their errors are listed in.</summary>
    private static readonly (CanonicalEntitySchema Schema, bool Required)[] Files =
    [
        (CanonicalSchema.Customers, true),
        (CanonicalSchema.Invoices, true),
        (CanonicalSchema.Payments, false),
        (CanonicalSchema.Orders, false),
        (CanonicalSchema.Rates, false),
        (CanonicalSchema.Promises, false),
        (CanonicalSchema.Collectors, false),
    ];

    public static CanonicalLoad Read(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var errors = new List<CanonicalError>();
        if (!Directory.Exists(folder))
        {
            errors.Add(new(folder, 0, null, "folder not found"));
            return new(null, errors);
        }

        // Files are read in ingest order, each after the files it references. A file that is absent or has a
        // bad header has no keys, and references to it are not checked (that would only add noise).
        var files = new FileContent?[CanonicalSchema.All.Count];
        foreach (var schema in CanonicalSchema.All)
        {
            files[(int)schema.Entity] = ReadFile(folder, schema, errors, files);
        }

        if (errors.Count > 0)
        {
            // Files in contract order, lines ascending (some references are checked after their file is read).
            return new(null, [.. errors.OrderBy(static e => FileOrder(e.File)).ThenBy(static e => e.Line)]);
        }

        IReadOnlyList<CanonicalRecord> Records(CanonicalEntity entity) => files[(int)entity]?.Records ?? [];
        var ledger = LedgerAssembler.Assemble(
            Records(CanonicalEntity.Collectors),
            Records(CanonicalEntity.Customers),
            Records(CanonicalEntity.Invoices),
            Records(CanonicalEntity.Payments),
            Records(CanonicalEntity.Orders),
            Records(CanonicalEntity.Rates),
            Records(CanonicalEntity.Promises));
        return new(ledger, errors);
    }

    /// <summary>A file's valid records, and the line of every key it holds (valid row or not) for references and duplicates.</summary>
    private sealed record FileContent(List<CanonicalRecord> Records, Dictionary<string, int> Keys);

    private static FileContent? ReadFile(string folder, CanonicalEntitySchema schema, List<CanonicalError> errors, FileContent?[] files)
    {
        var required = Array.Exists(Files, f => f.Schema == schema && f.Required);
        using var file = CanonicalFileReader.Open(folder, schema, required, errors);
        if (file is null)
        {
            return null;
        }

        var fields = schema.Fields;
        var content = new FileContent([], new Dictionary<string, int>(StringComparer.Ordinal));
        var ownReferences = new List<(int Line, CanonicalField Field, string Key)>();
        var texts = new string[fields.Count];
        while (file.Read(texts))
        {
            var errorsBefore = errors.Count;
            var values = new string?[fields.Count];
            for (var i = 0; i < fields.Count; i++)
            {
                var field = fields[i];
                if (!CanonicalFieldCheck.TryRead(field, texts[i], out var value, out var problem))
                {
                    file.Report(field.Name, problem);
                    continue;
                }

                // The customer a row belongs to is checked with its field; a customer's parent once the whole
                // file is read (it may come further down), and its collector after the row's rules.
                values[i] = value;
                if (value is not null && field.References == schema.Entity)
                {
                    ownReferences.Add((file.Line, field, value));
                }
                else if (value is not null && field.References == CanonicalEntity.Customers)
                {
                    CheckReference(file, field, value, files);
                }
            }

            // Rules across fields need every field well-formed; a customer's two rules read one field each.
            if (errors.Count == errorsBefore || schema.Entity == CanonicalEntity.Customers)
            {
                foreach (var (field, reason) in CrossFieldRules.CheckEach(schema.Entity, values))
                {
                    file.Report(field, reason);
                }
            }

            for (var i = 0; i < fields.Count; i++)
            {
                if (values[i] is { } key && fields[i].References is { } target && target != schema.Entity && target != CanonicalEntity.Customers)
                {
                    CheckReference(file, fields[i], key, files);
                }
            }

            CheckKey(file, schema, texts, values, content.Keys, rowIsValid: errors.Count == errorsBefore);
            if (errors.Count == errorsBefore)
            {
                content.Records.Add(new CanonicalRecord(schema.Entity, schema.KeyOf(values), values));
            }
        }

        foreach (var (line, field, key) in ownReferences)
        {
            if (!content.Keys.ContainsKey(key))
            {
                errors.Add(new(schema.FileName, line, field.Name, UnknownReference(schema, key)));
            }
        }

        return content;
    }

    private static void CheckReference(CanonicalFileReader file, CanonicalField field, string key, FileContent?[] files)
    {
        var target = CanonicalSchema.Of(field.References!.Value);
        if (files[(int)target.Entity] is { } referenced && !referenced.Keys.ContainsKey(key))
        {
            file.Report(field.Name, UnknownReference(target, key));
        }
    }

    private static string UnknownReference(CanonicalEntitySchema target, string key)
    {
        var noun = target.Entity switch
        {
            CanonicalEntity.Customers => "customer",
            CanonicalEntity.Collectors => "collector",
            _ => target.Name,
        };

        return $"unknown {noun} '{key}' (not in {target.FileName})";
    }

    /// <summary>
    /// Registers the row's key, or reports it as a duplicate. An id counts even on a row with other errors, so a
    /// reference to it is not reported as well; a rate counts only when valid. Promises have no duplicates: a
    /// customer may promise twice on one day.
    /// </summary>
    private static void CheckKey(CanonicalFileReader file, CanonicalEntitySchema schema, string[] texts, string?[] values, Dictionary<string, int> keys, bool rowIsValid)
    {
        if (schema.KeyIndexes.Count == 1)
        {
            var keyField = schema.KeyIndexes[0];
            var id = texts[keyField];
            if (id.Length == 0)
            {
                return;
            }

            if (keys.TryGetValue(id, out var first))
            {
                file.Report(schema.Fields[keyField].Name, $"duplicate id '{id}' (first on line {first})");
                return;
            }

            keys.Add(id, file.Line);
        }
        else if (schema.Entity == CanonicalEntity.Rates && rowIsValid)
        {
            var key = string.Join(" on ", schema.KeyIndexes.Select(i => values[i]));
            if (keys.TryGetValue(key, out var first))
            {
                file.Report(null, $"duplicate rate for {key} (first on line {first})");
                return;
            }

            keys.Add(key, file.Line);
        }
    }

    private static int FileOrder(string name) =>
        Array.FindIndex(Files, f => string.Equals(f.Schema.FileName, name, StringComparison.Ordinal));
}
