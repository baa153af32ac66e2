using System.Globalization;
using Connector.Domain.Ledger;

namespace Connector.Worker.Canonical;

/// <summary>
/// Reads a folder of canonical CSV files (customers.csv and invoices.csv required; payments, orders,
/// rates, promises and collectors optional) into an <see cref="ArLedger"/>. Strict: every malformed
/// field, duplicate id and dangling reference is reported, one line each, and any error means no ledger.
/// </summary>
public static class CanonicalFolderReader
{
    private static readonly (string, DocumentType)[] DocumentTypes = [("invoice", DocumentType.Invoice), ("credit_memo", DocumentType.CreditMemo)];
    private static readonly (string, ItemStatus)[] ItemStatuses = [("open", ItemStatus.Open), ("paid", ItemStatus.Paid), ("written_off", ItemStatus.WrittenOff)];
    private static readonly (string, OrderStatus)[] OrderStatuses = [("open", OrderStatus.Open), ("invoiced", OrderStatus.Invoiced), ("cancelled", OrderStatus.Cancelled)];
    private static readonly (string, OrderSource)[] OrderSources = [("erp", OrderSource.Erp), ("dataverse", OrderSource.Dataverse)];
    private static readonly (string, RiskClass)[] RiskClasses = [("A", RiskClass.A), ("B", RiskClass.B), ("C", RiskClass.C), ("D", RiskClass.D)];

    public static CanonicalLoad Read(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var errors = new List<CanonicalError>();
        if (!Directory.Exists(folder))
        {
            errors.Add(new(folder, 0, null, "folder not found"));
            return new(null, errors);
        }

        var collectors = ReadCollectors(folder, errors);
        var customers = ReadCustomers(folder, errors, collectors?.Ids);
        // When customers.csv itself is unusable, references to customers are not checked (that would only add noise).
        var known = customers?.Ids;
        var invoices = ReadInvoices(folder, errors, known);
        var payments = ReadPayments(folder, errors, known);
        var orders = ReadOrders(folder, errors, known);
        var rates = ReadRates(folder, errors);
        var promises = ReadPromises(folder, errors, known);

        if (errors.Count > 0)
        {
            // Files in contract order, lines ascending (references are checked after a file is read).
            return new(null, [.. errors.OrderBy(static e => FileOrder(e.File)).ThenBy(static e => e.Line)]);
        }

        var ledger = new ArLedger(customers!.Records, invoices, payments, orders, rates, promises, collectors?.Records);
        return new(ledger, errors);
    }

    private sealed record Keyed<T>(List<T> Records, Dictionary<string, int> Ids);

    private static Keyed<Customer>? ReadCustomers(string folder, List<CanonicalError> errors, Dictionary<string, int>? collectorIds)
    {
        var records = new List<Customer>();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var parents = new List<(string Parent, int Line)>();
        using var csv = CanonicalCsv.Open(folder, CanonicalFiles.Customers, errors);
        if (csv is null)
        {
            return null;
        }

        while (csv.Read())
        {
            var id = csv.Required(0);
            var customer = new Customer
            {
                Id = id,
                Name = csv.Required(1),
                Currency = csv.Currency(2),
                PaymentTermsDays = csv.Integer(3),
                CreditLimit = csv.OptionalDecimal(4),
                ParentId = csv.Optional(5),
                RiskClass = csv.Optional(6) is null ? null : csv.Choice(6, RiskClasses),
                CollectorId = csv.Optional(7),
                Territory = csv.Optional(8),
                Email = csv.Optional(9),
                ManualHold = csv.Boolean(10),
                RequiresPo = csv.Boolean(11),
            };

            if (customer.PaymentTermsDays < 0)
            {
                csv.Report(3, $"expected zero or more days, got '{customer.PaymentTermsDays}'");
            }

            if (customer.CreditLimit < 0m)
            {
                csv.Report(4, $"expected an empty field (no limit) or an amount of zero or more, got '{csv.Raw(4)}'");
            }

            if (collectorIds is not null && customer.CollectorId is { } collector && !collectorIds.ContainsKey(collector))
            {
                csv.Report(7, $"unknown collector '{collector}' (not in {CanonicalFiles.Collectors.Name})");
            }

            if (customer.ParentId is { } parent)
            {
                parents.Add((parent, csv.Line));
            }

            if (Unique(csv, ids, id) && !csv.RowHasErrors)
            {
                records.Add(customer);
            }
        }

        foreach (var (parent, line) in parents)
        {
            if (!ids.ContainsKey(parent))
            {
                errors.Add(new(CanonicalFiles.Customers.Name, line, "parent_id", $"unknown customer '{parent}' (not in {CanonicalFiles.Customers.Name})"));
            }
        }

        return new(records, ids);
    }

    private static List<Invoice> ReadInvoices(string folder, List<CanonicalError> errors, Dictionary<string, int>? customers)
    {
        var records = new List<Invoice>();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        using var csv = CanonicalCsv.Open(folder, CanonicalFiles.Invoices, errors);
        while (csv?.Read() == true)
        {
            var id = csv.Required(0);
            var invoice = new Invoice
            {
                Id = id,
                CustomerId = KnownCustomer(csv, 1, customers, required: true)!,
                Type = csv.Choice(2, DocumentTypes),
                DocumentDate = csv.Date(3),
                DueDate = csv.Date(4),
                Amount = csv.Decimal(5),
                OpenAmount = csv.Decimal(6),
                Currency = csv.Currency(7),
                PoNumber = csv.Optional(8),
                Disputed = csv.Boolean(9),
                Status = csv.Choice(10, ItemStatuses),
            };

            // Rules across fields are checked only on well-formed fields.
            if (!csv.RowHasErrors && invoice.IsCreditMemo && invoice.Amount > 0m)
            {
                csv.Report(5, $"expected a negative amount for a credit memo, got '{csv.Raw(5)}'");
            }
            else if (!csv.RowHasErrors && Math.Abs(invoice.OpenAmount) > Math.Abs(invoice.Amount))
            {
                csv.Report(6, $"expected at most the amount ({csv.Raw(5)}) in absolute value, got '{csv.Raw(6)}'");
            }

            if (Unique(csv, ids, id) && !csv.RowHasErrors)
            {
                records.Add(invoice);
            }
        }

        return records;
    }

    private static List<Payment> ReadPayments(string folder, List<CanonicalError> errors, Dictionary<string, int>? customers)
    {
        var records = new List<Payment>();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        using var csv = CanonicalCsv.Open(folder, CanonicalFiles.Payments, errors);
        while (csv?.Read() == true)
        {
            var id = csv.Required(0);
            var payment = new Payment
            {
                Id = id,
                CustomerId = KnownCustomer(csv, 1, customers, required: false),
                Date = csv.Date(2),
                Amount = csv.Decimal(3),
                Currency = csv.Currency(4),
                Reference = csv.Optional(5),

                // Empty: nothing applied yet (a payment just received).
                AppliedAmount = csv.OptionalDecimal(6) ?? 0m,
            };

            if (!csv.RowHasErrors && payment.Amount <= 0m)
            {
                csv.Report(3, $"expected a positive amount, got '{csv.Raw(3)}'");
            }
            else if (!csv.RowHasErrors && (payment.AppliedAmount < 0m || payment.AppliedAmount > payment.Amount))
            {
                csv.Report(6, $"expected between 0 and the amount ({csv.Raw(3)}), got '{csv.Raw(6)}'");
            }

            if (Unique(csv, ids, id) && !csv.RowHasErrors)
            {
                records.Add(payment);
            }
        }

        return records;
    }

    private static List<Order> ReadOrders(string folder, List<CanonicalError> errors, Dictionary<string, int>? customers)
    {
        var records = new List<Order>();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        using var csv = CanonicalCsv.Open(folder, CanonicalFiles.Orders, errors);
        while (csv?.Read() == true)
        {
            var id = csv.Required(0);
            var order = new Order
            {
                Id = id,
                CustomerId = KnownCustomer(csv, 1, customers, required: true)!,
                Amount = csv.Decimal(2),
                UninvoicedAmount = csv.Decimal(3),
                Currency = csv.Currency(4),
                Status = csv.Choice(5, OrderStatuses),
                Source = csv.Choice(6, OrderSources),
            };

            if (!csv.RowHasErrors && (order.UninvoicedAmount < 0m || order.UninvoicedAmount > order.Amount))
            {
                csv.Report(3, $"expected between 0 and the amount ({csv.Raw(2)}), got '{csv.Raw(3)}'");
            }

            if (Unique(csv, ids, id) && !csv.RowHasErrors)
            {
                records.Add(order);
            }
        }

        return records;
    }

    private static List<ExchangeRate> ReadRates(string folder, List<CanonicalError> errors)
    {
        var records = new List<ExchangeRate>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        using var csv = CanonicalCsv.Open(folder, CanonicalFiles.Rates, errors);
        while (csv?.Read() == true)
        {
            var rate = new ExchangeRate(csv.Currency(0), csv.Date(1), csv.Decimal(2));
            if (rate.Rate <= 0m && !csv.RowHasErrors)
            {
                csv.Report(2, $"expected a positive rate (company-currency units per one {rate.Currency}), got '{csv.Raw(2)}'");
            }

            if (csv.RowHasErrors)
            {
                continue;
            }

            var key = rate.Currency + " on " + rate.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (seen.TryGetValue(key, out var first))
            {
                csv.Report(null, $"duplicate rate for {key} (first on line {first})");
                continue;
            }

            seen.Add(key, csv.Line);
            records.Add(rate);
        }

        return records;
    }

    private static List<PaymentPromise> ReadPromises(string folder, List<CanonicalError> errors, Dictionary<string, int>? customers)
    {
        var records = new List<PaymentPromise>();
        using var csv = CanonicalCsv.Open(folder, CanonicalFiles.Promises, errors);
        while (csv?.Read() == true)
        {
            var promise = new PaymentPromise
            {
                CustomerId = KnownCustomer(csv, 0, customers, required: true)!,
                PromisedOn = csv.Date(1),
                DueDate = csv.Date(2),
                Amount = csv.Decimal(3),
            };

            if (promise.Amount <= 0m && !csv.RowHasErrors)
            {
                csv.Report(3, $"expected a positive amount, got '{csv.Raw(3)}'");
            }

            if (promise.DueDate < promise.PromisedOn && !csv.RowHasErrors)
            {
                csv.Report(2, $"expected a date on or after promised_on ({csv.Raw(1)}), got '{csv.Raw(2)}'");
            }

            if (!csv.RowHasErrors)
            {
                records.Add(promise);
            }
        }

        return records;
    }

    private static Keyed<Collector>? ReadCollectors(string folder, List<CanonicalError> errors)
    {
        using var csv = CanonicalCsv.Open(folder, CanonicalFiles.Collectors, errors);
        if (csv is null)
        {
            return null;
        }

        var records = new List<Collector>();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        while (csv.Read())
        {
            var id = csv.Required(0);
            var collector = new Collector
            {
                Id = id,
                Name = csv.Required(1),
                Email = csv.Optional(2),
                Territories = List(csv.Raw(3)),
                Languages = List(csv.Raw(4)),
            };

            if (Unique(csv, ids, id) && !csv.RowHasErrors)
            {
                records.Add(collector);
            }
        }

        return new(records, ids);
    }

    private static int FileOrder(string name)
    {
        for (var i = 0; i < CanonicalFiles.All.Count; i++)
        {
            if (string.Equals(CanonicalFiles.All[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static string? KnownCustomer(CanonicalCsv csv, int column, Dictionary<string, int>? customers, bool required)
    {
        var id = required ? csv.Required(column) : csv.Optional(column);
        if (id is { Length: > 0 } && customers is not null && !customers.ContainsKey(id))
        {
            csv.Report(column, $"unknown customer '{id}' (not in {CanonicalFiles.Customers.Name})");
        }

        return id;
    }

    private static bool Unique(CanonicalCsv csv, Dictionary<string, int> ids, string id)
    {
        if (id.Length == 0)
        {
            return false;
        }

        if (ids.TryGetValue(id, out var first))
        {
            csv.Report(0, $"duplicate id '{id}' (first on line {first})");
            return false;
        }

        ids.Add(id, csv.Line);
        return true;
    }

    private static string[] List(string value) =>
        value.Length == 0 ? [] : value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
