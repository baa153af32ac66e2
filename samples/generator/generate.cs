// Generates the sample company (canonical CSV) that the demo and the tests read.
//
//   dotnet run samples/generator/generate.cs -- --out samples [--seed 20261116] [--as-of 2026-11-16]
//
// Deterministic: the same seed and as-of date give byte-identical files. Nothing reads the clock, the
// random numbers come from a SplitMix64 generator defined below (not System.Random), and only integer
// and basic decimal arithmetic shape the data, so the output does not depend on the runtime or machine.
using System.Globalization;
using System.Text;

var outDir = "samples";
var seed = 20261116UL;
var asOf = new DateOnly(2026, 11, 16);
if (args.Length % 2 != 0)
{
    Console.Error.WriteLine("usage: generate.cs --out DIR [--seed N] [--as-of yyyy-MM-dd]");
    return 2;
}

for (var i = 0; i < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--out": outDir = args[i + 1]; break;
        case "--seed": seed = ulong.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--as-of": asOf = DateOnly.ParseExact(args[i + 1], "yyyy-MM-dd", CultureInfo.InvariantCulture); break;
        default:
            Console.Error.WriteLine($"unknown option {args[i]}");
            return 2;
    }
}

var company = new Company(seed, asOf);
company.Build();
company.Validate();
Output.Write(company, outDir);
Console.WriteLine(company.Summary());
return 0;

enum Tier { Key, Mid, Small }

enum Profile { Prompt, Late, Chronic, Deteriorating, Stopped, CashInAdvance }

sealed record Collector(string Id, string Name, string Email, string[] Territories, string[] Languages);

sealed class Customer
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string Currency { get; set; } = "USD";
    public int Terms { get; set; }
    public decimal? Limit { get; set; }
    public Customer? Parent { get; set; }
    public string Risk { get; set; } = "";
    public string Collector { get; set; } = "";
    public string Territory { get; set; } = "";
    public string Email { get; set; } = "";
    public bool ManualHold { get; set; }
    public bool RequiresPo { get; set; }

    // Generation only: how this customer buys and pays, and the scripted case it plays (if any).
    public Tier Tier { get; set; }
    public Profile Profile { get; set; }
    public string Role { get; set; } = "";
    public decimal Typical { get; set; }
    public int PerYear { get; set; }
    public DateOnly Since { get; set; }
    public DateOnly? StoppedOn { get; set; }
    public int Window { get; set; }
    public int WindowOffset { get; set; }
    public string PoPrefix { get; set; } = "";
    public List<Doc> Docs { get; } = [];
}

sealed class Doc
{
    public string Id { get; set; } = "";
    public required Customer Customer { get; init; }
    public bool IsCredit { get; init; }
    public DateOnly Date { get; init; }
    public DateOnly Due { get; init; }
    public decimal Amount { get; set; }
    public decimal Open { get; set; }
    public string Po { get; set; } = "";
    public bool Disputed { get; set; }
    public string Status { get; set; } = "open";
    public DateOnly? SettleOn { get; set; }   // planned: the day the customer's payment run settles it
    public decimal SettlePart { get; set; }   // planned: how much of it that payment covers
    public int Seq { get; init; }
    public int Number => int.Parse(Id.AsSpan(Id.IndexOf('-') + 1), CultureInfo.InvariantCulture);
}

sealed class Payment
{
    public string Id { get; set; } = "";
    public Customer? Customer { get; init; }
    public required string Currency { get; init; }
    public DateOnly Date { get; init; }
    public decimal Amount { get; init; }
    public string Reference { get; init; } = "";
    public decimal Applied { get; init; }
    public List<Doc> Pays { get; init; } = [];   // historic: the documents it settled; unapplied: the truth
    public string Kind { get; init; } = "";
    public int Seq { get; init; }
}

sealed record Order(string Id, Customer Customer, decimal Amount, decimal Uninvoiced, string Status, string Source);

sealed record Promise(Customer Customer, DateOnly PromisedOn, DateOnly Due, decimal Amount, string Kind);

sealed record Case(string Name, Customer Customer, string Detail);

/// <summary>SplitMix64: tiny, fast and the same on every platform.</summary>
sealed class Rng(ulong seed)
{
    private ulong state = seed;

    /// <summary>An independent stream per purpose, so changing one part leaves the others alone.</summary>
    public static Rng For(ulong seed, string purpose)
    {
        var h = 14695981039346656037UL; // FNV-1a; string.GetHashCode is randomised per process
        foreach (var ch in purpose) { h = (h ^ ch) * 1099511628211UL; }
        return new Rng(seed ^ h);
    }

    public ulong Next()
    {
        this.state += 0x9E3779B97F4A7C15UL;
        var z = this.state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [min, max).</summary>
    public int Int(int min, int max) => min + (int)(Next() % (ulong)(max - min));

    /// <summary>True with probability percent/100 (percent may have one decimal: 2.5).</summary>
    public bool Chance(decimal percent) => Int(0, 1000) < (int)(percent * 10);

    public T Pick<T>(IReadOnlyList<T> items) => items[Int(0, items.Count)];

    public T Weighted<T>(params (T Item, int Weight)[] choices)
    {
        var roll = Int(0, choices.Sum(c => c.Weight));
        foreach (var (item, weight) in choices)
        {
            if (roll < weight) { return item; }
            roll -= weight;
        }

        throw new InvalidOperationException("unreachable");
    }

    /// <summary>Money in [min, max] with cents.</summary>
    public decimal Money(int min, int max) => Int(min * 100, max * 100 + 1) / 100m;

    public List<T> Shuffle<T>(IEnumerable<T> items)
    {
        var list = items.ToList();
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = Int(0, i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }

        return list;
    }
}

sealed class Company(ulong seed, DateOnly asOf)
{
    public ulong Seed => seed;
    public DateOnly AsOf => asOf;
    public DateOnly Start { get; } = asOf.AddMonths(-18);
    public List<Collector> Collectors { get; } = [];
    public List<Customer> Customers { get; } = [];
    public List<Doc> Docs { get; } = [];
    public List<Payment> Payments { get; } = [];
    public List<Order> Orders { get; } = [];
    public List<Promise> Promises { get; } = [];
    public List<(DateOnly Date, decimal Rate)> Rates { get; } = [];
    public List<Case> Cases { get; } = [];

    private static readonly string[] Territories = ["Northeast", "Southeast", "Midwest", "West", "Europe"];

    public void Build()
    {
        MakeCollectors();
        MakeCustomers();
        MakeRates();
        MakeInvoices();
        PlanSettlement();
        MakeCreditMemos();
        WriteOffOldItems();
        SettleIntoPayments();
        MakeAmbiguousPair();
        MakeOrders();
        MakePromises();
        MakeUnappliedPayments();
        SetCreditLimits();
        PickShowcaseCases();
    }

    // ---------------------------------------------------------------- collectors and customers

    private void MakeCollectors()
    {
        (string Name, string Territories, string Languages)[] people =
        [
            ("Alice Morgan", "Northeast", "en"),
            ("Ben Carter", "Northeast;Midwest", "en;es"),
            ("Carla Reyes", "Southeast", "en;es"),
            ("David Kim", "Midwest", "en"),
            ("Emma Walsh", "West", "en"),
            ("Frank Osei", "West;Southeast", "en;fr"),
            ("Greta Hoffmann", "Europe", "de;en"),
            ("Hugo Laurent", "Europe", "fr;en;de"),
        ];
        for (var i = 0; i < people.Length; i++)
        {
            var (name, territories, languages) = people[i];
            Collectors.Add(new Collector($"COL-{i + 1:00}", name, Slug(name, '.') + "@example.com",
                territories.Split(';'), languages.Split(';')));
        }
    }

    private static readonly string[] UsWords =
    [
        "Northwind", "Bluewater", "Summit", "Redwood", "Granite", "Silverline", "Harbor", "Oakridge", "Pioneer",
        "Evergreen", "Ironbridge", "Lakeside", "Crescent", "Maple", "Sterling", "Cedar", "Falcon", "Horizon",
        "Keystone", "Liberty", "Meridian", "Pinnacle", "Riverbend", "Sunrise", "Trident", "Westfield", "Atlas",
        "Beacon", "Cobalt", "Eagle", "Frontier", "Golden Gate", "Highland", "Juniper", "Kestrel", "Lighthouse",
        "Midland", "Northstar", "Orchard", "Prairie", "Quarry", "Ridgeway", "Sandstone", "Timberline", "Vantage",
        "Willow Creek", "Bayview", "Copperfield", "Driftwood", "Foxhollow", "Greenfield", "Hawthorne", "Ironwood",
    ];

    private static readonly string[] UsTrades =
    [
        "Logistics", "Foods", "Manufacturing", "Supply", "Engineering", "Hardware", "Medical", "Packaging",
        "Textiles", "Electronics", "Construction", "Farms", "Plastics", "Printing", "Chemicals", "Automotive",
        "Furniture", "Beverages", "Tools", "Interiors", "Outfitters", "Labs", "Systems", "Distribution",
        "Materials", "Marine", "Dental", "Pharmacy", "Office Supply", "Bakery", "Steel", "Lumber",
    ];

    private static readonly string[] UsForms = ["Inc.", "LLC", "Corp.", "Co.", "Group", "Ltd."];

    private static readonly string[] EuWords =
    [
        "Rheinland", "Alpen", "Nordsee", "Bodensee", "Schwarzwald", "Loire", "Provence", "Bretagne", "Lumière",
        "Hanse", "Donau", "Elbe", "Isar", "Mosel", "Zuidwest", "Amstel", "Brabant", "Delft", "Garonne", "Rhône",
        "Tirol", "Main", "Weser", "Limburg", "Ardennes", "Vosges", "Harz", "Spree", "Saône", "Flandre",
    ];

    private static readonly string[] EuTrades =
    [
        "Logistik", "Maschinenbau", "Lebensmittel", "Technik", "Handel", "Transports", "Industrie",
        "Distribution", "Emballages", "Verpakkingen", "Metallbau", "Elektro", "Bau", "Agrar", "Chimie",
    ];

    private static readonly string[] EuForms = ["GmbH", "AG", "S.A.S.", "S.A.", "B.V.", "KG", "SARL", "GmbH & Co. KG"];

    // Names that exercise CSV quoting and UTF-8; used once each.
    private static readonly string[] OddNames =
    [
        "Smith, Jones & Partners LLC", "Baker, Hart and Sons Inc.", "O'Neill Brothers Co.",
        "\"The Corner\" Market LLC", "Dunmore, Price & Co.",
    ];

    private static readonly string[] OddEuNames = ["Müller & Söhne GmbH", "Société Générale de Transports S.A."];

    private void MakeCustomers()
    {
        var rng = Rng.For(seed, "customers");
        var names = new HashSet<string>(StringComparer.Ordinal);
        var specs = new List<Customer>();

        string UniqueName(Func<string> make)
        {
            for (var attempt = 0; ; attempt++)
            {
                var name = make();
                if (names.Add(name)) { return name; }
            }
        }

        Customer NewCustomer(string currency, string name)
        {
            var c = new Customer
            {
                Name = name,
                Currency = currency,
                Tier = rng.Weighted((Tier.Key, 15), (Tier.Mid, 40), (Tier.Small, 45)),
                Profile = rng.Weighted((Profile.Prompt, 40), (Profile.Late, 32), (Profile.Chronic, 17), (Profile.Deteriorating, 8)),
                Terms = currency == "EUR"
                    ? rng.Weighted((30, 60), (45, 15), (60, 25))
                    : rng.Weighted((14, 15), (30, 50), (45, 20), (60, 15)),
                Territory = currency == "EUR" ? "Europe" : rng.Pick(Territories[..4]),
                Since = rng.Chance(12) ? Start.AddDays(rng.Int(30, 400)) : Start,
            };
            c.RequiresPo = rng.Chance(c.Tier == Tier.Key ? 35 : 10);
            specs.Add(c);
            return c;
        }

        // Six groups: a holding (its limit is the group limit) with 2-4 subsidiaries.
        int[] groupSizes = [3, 2, 4, 3, 2, 3];
        for (var g = 0; g < groupSizes.Length; g++)
        {
            var currency = g == 4 ? "EUR" : "USD";
            var word = currency == "EUR" ? EuWords[g] : UsWords[g];
            var parent = NewCustomer(currency, UniqueName(() => currency == "EUR" ? $"{word} Holding AG" : $"{word} Holdings Inc."));
            parent.Tier = Tier.Small;
            var trades = rng.Shuffle(currency == "EUR" ? EuTrades : UsTrades);
            for (var k = 0; k < groupSizes[g]; k++)
            {
                var child = NewCustomer(currency, UniqueName(() => currency == "EUR"
                    ? $"{word} {trades[k]} {EuForms[0]}"
                    : $"{word} {trades[k]} {UsForms[1]}"));
                child.Parent = parent;
                child.Tier = k == 0 ? Tier.Key : Tier.Mid;
                child.Territory = parent.Territory;
                child.Terms = parent.Terms;
                if (g == 0) { child.Profile = Profile.Prompt; child.Role = "group_over_limit"; }
            }

            if (g == 0) { parent.Profile = Profile.Prompt; parent.Role = "group_over_limit"; }
        }

        // Stand-alone customers: 45 invoicing in EUR, the rest in USD.
        for (var i = 0; i < OddNames.Length; i++) { NewCustomer("USD", UniqueName(() => OddNames[i])); }
        for (var i = 0; i < OddEuNames.Length; i++) { NewCustomer("EUR", UniqueName(() => OddEuNames[i])); }
        while (specs.Count(c => c.Currency == "EUR") < 48)
        {
            NewCustomer("EUR", UniqueName(() => $"{rng.Pick(EuWords)} {rng.Pick(EuTrades)} {rng.Pick(EuForms)}"));
        }

        while (specs.Count < 240)
        {
            NewCustomer("USD", UniqueName(() => $"{rng.Pick(UsWords)} {rng.Pick(UsTrades)} {rng.Pick(UsForms)}"));
        }

        // Ids in shuffled order (as an ERP numbers customers over the years), then the scripted roles.
        var ordered = rng.Shuffle(specs);
        for (var i = 0; i < ordered.Count; i++) { ordered[i].Id = $"C-{1001 + i}"; }
        Customers.AddRange(ordered);

        var free = rng.Shuffle(Customers.Where(c => c.Parent is null && c.Role == "" && !Customers.Any(x => x.Parent == c)));
        Customer Claim(string role, string currency, Tier tier, Profile profile)
        {
            var c = free.First(x => x.Role == "" && x.Currency == currency && !OddNames.Contains(x.Name));
            c.Role = role;
            c.Tier = tier;
            c.Profile = profile;
            c.Since = Start;
            return c;
        }

        Claim("just_over_limit", "USD", Tier.Key, Profile.Prompt).RequiresPo = false;
        Claim("cash_in_advance", "USD", Tier.Small, Profile.CashInAdvance).RequiresPo = false;
        Claim("cash_in_advance", "USD", Tier.Small, Profile.CashInAdvance).RequiresPo = false;
        Claim("disputed_only_overdue", "USD", Tier.Mid, Profile.Prompt).RequiresPo = false;
        Claim("po_missing", "USD", Tier.Mid, Profile.Late).RequiresPo = true;
        Claim("manual_hold", "USD", Tier.Mid, Profile.Prompt).ManualHold = true;
        Claim("manual_hold", "USD", Tier.Mid, Profile.Chronic).ManualHold = true;
        Claim("manual_hold", "EUR", Tier.Small, Profile.Late).ManualHold = true;
        foreach (var currency in new[] { "USD", "USD", "EUR" })
        {
            var stopped = Claim("stopped_paying", currency, Tier.Mid, Profile.Stopped);
            stopped.StoppedOn = AsOf.AddDays(-rng.Int(150, 200));
        }

        foreach (var c in Customers)
        {
            c.PerYear = c.Tier switch
            {
                Tier.Key => rng.Int(40, 72),
                Tier.Mid => rng.Int(10, 22),
                _ => rng.Int(3, 8),
            };
            c.Typical = c.Tier switch
            {
                Tier.Key => rng.Money(3000, 18000),
                Tier.Mid => rng.Money(700, 5000),
                _ => rng.Money(150, 1500),
            };
            c.Window = c.Profile switch { Profile.CashInAdvance => 1, Profile.Prompt when c.Tier != Tier.Key => 14, _ => 30 };
            c.WindowOffset = rng.Int(0, c.Window);
            c.PoPrefix = rng.Pick(new[] { "PO-", "PO ", "4500", "P" }) + rng.Int(10, 99).ToString(CultureInfo.InvariantCulture);
            c.Risk = c.Profile switch
            {
                Profile.Prompt or Profile.CashInAdvance => rng.Weighted(("A", 50), ("B", 38), ("", 12)),
                Profile.Late => rng.Weighted(("A", 10), ("B", 50), ("C", 28), ("", 12)),
                Profile.Chronic => rng.Weighted(("B", 10), ("C", 50), ("D", 28), ("", 12)),
                Profile.Deteriorating => rng.Weighted(("A", 20), ("B", 50), ("C", 20), ("", 10)),
                _ => rng.Weighted(("C", 40), ("D", 60)),
            };
            var mine = Collectors.Where(x => x.Territories.Contains(c.Territory)).ToList();
            c.Collector = rng.Chance(15) ? "" : rng.Pick(mine).Id;
        }

        // Group members share the holding's collector when it has one.
        foreach (var c in Customers.Where(c => c.Parent is not null && c.Parent.Collector != ""))
        {
            c.Collector = c.Parent!.Collector;
        }

        var emails = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in Customers)
        {
            var local = "ap." + Slug(c.Name, '-');
            var email = local + "@example.com";
            for (var n = 2; !emails.Add(email); n++) { email = $"{local}{n}@example.com"; }
            c.Email = email;
        }
    }

    private static string Slug(string name, char separator)
    {
        var sb = new StringBuilder();
        foreach (var ch in name.ToLowerInvariant())
        {
            var mapped = ch switch
            {
                'ä' => "ae", 'ö' => "oe", 'ü' => "ue", 'ß' => "ss", 'é' or 'è' or 'ê' => "e", 'ô' => "o", 'ç' => "c",
                _ when char.IsAsciiLetterOrDigit(ch) => ch.ToString(),
                _ => " ",
            };
            sb.Append(mapped);
        }

        var words = sb.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w is not ("inc" or "llc" or "corp" or "co" or "ltd" or "gmbh" or "ag" or "s" or "a" or "b" or "v" or "kg" or "sarl"));
        return string.Join(separator, words);
    }

    // ---------------------------------------------------------------- rates

    private void MakeRates()
    {
        var rng = Rng.For(seed, "rates");
        var rate = 1.0850m;
        for (var d = Start.AddDays(-14); d <= AsOf; d = d.AddDays(1))
        {
            Rates.Add((d, rate));
            rate += rng.Int(-25, 26) / 10000m;
            if (rate > 1.1500m) { rate = 2 * 1.1500m - rate; }
            if (rate < 1.0500m) { rate = 2 * 1.0500m - rate; }
        }
    }

    // ---------------------------------------------------------------- invoices and their fate

    private void MakeInvoices()
    {
        var rng = Rng.For(seed, "invoices");
        var drafts = new List<Doc>();
        foreach (var c in Customers)
        {
            var meanGap = 365 / c.PerYear;
            var last = c.StoppedOn?.AddDays(60) ?? AsOf;
            for (var d = c.Since.AddDays(rng.Int(0, meanGap)); d <= last && d <= AsOf; d = d.AddDays(rng.Int(1, 2 * meanGap)))
            {
                var amount = c.Typical * rng.Int(40, 181) / 100m;
                if (rng.Chance(5)) { amount *= rng.Int(2, 4); }
                amount = rng.Chance(10) ? Math.Max(50m, Math.Round(amount / 50m) * 50m) : Math.Round(amount, 2);
                var po = c.RequiresPo || rng.Chance(30) ? $"{c.PoPrefix}{rng.Int(10000, 99999)}" : "";
                var doc = new Doc
                {
                    Customer = c, Date = d, Due = d.AddDays(c.Terms), Amount = amount, Open = amount, Po = po,
                    Seq = drafts.Count,
                };
                drafts.Add(doc);
            }
        }

        var n = 0;
        foreach (var doc in drafts.OrderBy(x => x.Date).ThenBy(x => x.Customer.Id, StringComparer.Ordinal).ThenBy(x => x.Seq))
        {
            doc.Id = $"INV-{++n:000000}";
            Docs.Add(doc);
            doc.Customer.Docs.Add(doc);
        }
    }

    private int Delay(Customer c, DateOnly date, Rng rng)
    {
        var t = (date.DayNumber - Start.DayNumber) / (decimal)(AsOf.DayNumber - Start.DayNumber);
        return c.Profile switch
        {
            Profile.Prompt when c.Role != "" => rng.Int(-6, 1),
            Profile.Prompt => rng.Int(-6, 3),
            Profile.Late => rng.Int(4, 19),
            Profile.Chronic => rng.Int(35, 96),
            Profile.Deteriorating => (int)(t * t * 120) + rng.Int(-3, 8),
            _ => rng.Int(2, 20),
        };
    }

    /// <summary>Decides for each invoice when (if ever, before asOf) it gets paid, and how much of it.</summary>
    private void PlanSettlement()
    {
        var rng = Rng.For(seed, "settlement");
        foreach (var doc in Docs)
        {
            var c = doc.Customer;
            DateOnly? payOn = c.Profile == Profile.CashInAdvance ? doc.Date : doc.Due.AddDays(Delay(c, doc.Date, rng));
            var scripted = c.Role != "" && c.Role != "stopped_paying" && c.Role != "manual_hold";
            var messy = c.Profile is Profile.Late or Profile.Chronic or Profile.Deteriorating;
            if (messy && rng.Chance(1)) { payOn = payOn.Value.AddDays(rng.Int(60, 150)); } // a forgotten invoice
            if (c.StoppedOn is { } stop && payOn >= stop) { payOn = null; }
            if (!scripted && doc.Date >= AsOf.AddDays(-180) && rng.Chance(3))
            {
                doc.Disputed = true;
                payOn = null;
            }

            if (c.RequiresPo && !scripted && rng.Chance(2))
            {
                doc.Po = "";
                payOn = null; // the customer will not pay an invoice without its PO number
            }

            doc.SettleOn = payOn <= AsOf ? payOn : null;
            var deduction = !scripted && c.Profile != Profile.CashInAdvance && doc.Date >= AsOf.AddDays(-200) && rng.Chance(2);
            doc.SettlePart = deduction
                ? Math.Round(doc.Amount * rng.Int(30, 91) / 100m, 2)
                : doc.Amount;
        }

        // The scripted PO case: the most recent overdue invoice lacks its PO, so it is still open.
        var po = Customers.First(c => c.Role == "po_missing");
        var missing = po.Docs.Last(d => d.Due < AsOf.AddDays(-20));
        missing.Po = "";
        missing.SettleOn = null;

        // The scripted dispute case: its only overdue items (one 61-90 days, one 1-30 days) are disputed.
        var disputed = Customers.First(c => c.Role == "disputed_only_overdue");
        foreach (var daysPast in new[] { 75, 20 })
        {
            var doc = disputed.Docs.Where(d => d.Due < AsOf).MinBy(d => Math.Abs(AsOf.DayNumber - d.Due.DayNumber - daysPast))!;
            doc.Disputed = true;
            doc.SettleOn = null;
        }
    }

    private void MakeCreditMemos()
    {
        var rng = Rng.For(seed, "credit-memos");
        var drafts = new List<Doc>();
        foreach (var inv in Docs)
        {
            var c = inv.Customer;
            if (c.Profile == Profile.CashInAdvance || c.Role is "disputed_only_overdue" || !rng.Chance(3)) { continue; }
            var date = inv.Date.AddDays(rng.Int(3, 41));
            if (date > AsOf) { continue; }
            var amount = -Math.Round(inv.Amount * rng.Int(5, 40) / 100m, 2);
            DateOnly? settle = date.AddDays(rng.Int(0, 16));
            if (settle > AsOf || (c.StoppedOn is { } stop && settle >= stop)) { settle = null; }
            drafts.Add(new Doc
            {
                Customer = c, IsCredit = true, Date = date, Due = date, Amount = amount, Open = amount,
                SettleOn = settle, SettlePart = amount, Seq = inv.Seq,
            });
        }

        var n = 0;
        foreach (var cm in drafts.OrderBy(x => x.Date).ThenBy(x => x.Customer.Id, StringComparer.Ordinal).ThenBy(x => x.Seq))
        {
            cm.Id = $"CM-{++n:000000}";
            Docs.Add(cm);
            cm.Customer.Docs.Add(cm);
        }
    }

    private void WriteOffOldItems()
    {
        var rng = Rng.For(seed, "write-offs");
        var candidates = Docs.Where(d => !d.IsCredit && !d.Disputed && d.Customer.Role == ""
            && (d.SettleOn is null || d.SettlePart < d.Amount) && d.Due < AsOf.AddDays(-240)).ToList();
        foreach (var doc in rng.Shuffle(candidates).Take(12))
        {
            doc.Status = "written_off";
        }
    }

    /// <summary>Each customer pays in runs (every 14 or 30 days): one payment per run covering what it settles.</summary>
    private void SettleIntoPayments()
    {
        var rng = Rng.For(seed, "payments");
        var drafts = new List<Payment>();
        foreach (var c in Customers)
        {
            var runs = c.Docs.Where(d => d.SettleOn is not null)
                .GroupBy(d => (d.SettleOn!.Value.DayNumber - Start.DayNumber + c.WindowOffset) / c.Window)
                .OrderBy(g => g.Key);
            foreach (var run in runs)
            {
                var docs = run.OrderBy(d => d.Date).ThenBy(d => d.Id, StringComparer.Ordinal).ToList();
                var invoices = docs.Where(d => !d.IsCredit).ToList();
                var credits = docs.Where(d => d.IsCredit).ToList();
                var total = invoices.Sum(d => d.SettlePart);
                if (invoices.Count == 0) { continue; }              // credit memos wait for a run with invoices
                if (total + credits.Sum(d => d.Amount) <= 0) { credits.Clear(); }
                var settled = invoices.Concat(credits).ToList();
                var amount = total + credits.Sum(d => d.Amount);
                foreach (var d in settled)
                {
                    d.Open = d.IsCredit ? 0 : d.Amount - d.SettlePart;
                    if (d.Status != "written_off") { d.Status = d.Open == 0 ? "paid" : "open"; }
                }

                var ids = string.Join(rng.Pick(new[] { ", ", " ", "; " }), settled.Select(d => d.Id));
                var reference = rng.Int(0, 4) switch
                {
                    0 => ids,
                    1 => $"Remittance {ids}",
                    2 => c.Currency == "EUR" ? $"Zahlung {ids}" : $"Payment {ids}",
                    _ => $"{c.Name} {ids}",
                };
                drafts.Add(new Payment
                {
                    Customer = c, Currency = c.Currency, Date = settled.Max(d => d.SettleOn!.Value), Amount = amount,
                    Reference = reference, Applied = amount, Pays = settled, Kind = "historic", Seq = drafts.Count,
                });
            }
        }

        foreach (var d in Docs.Where(d => d.Status == "written_off")) { d.Open = 0; }
        Payments.AddRange(drafts);
    }

    // ---------------------------------------------------------------- helpers on the evaluated state

    public IEnumerable<Doc> OpenItems(Customer c) => c.Docs.Where(d => d.Open != 0);

    private IEnumerable<Doc> FreshOpenInvoices(Customer c) =>
        c.Docs.Where(d => !d.IsCredit && d.Status == "open" && !d.Disputed && d.Open == d.Amount);

    public decimal OpenAr(Customer c) => OpenItems(c).Sum(d => d.Open);

    public decimal OpenOrders(Customer c) => Orders.Where(o => o.Customer == c && o.Status == "open").Sum(o => o.Uninvoiced);

    public decimal Unapplied(Customer c) => Payments.Where(p => p.Customer == c).Sum(p => p.Amount - p.Applied);

    public decimal Exposure(Customer c) => OpenAr(c) + OpenOrders(c) - Unapplied(c);

    public decimal GroupExposure(Customer parent) =>
        Exposure(parent) + Customers.Where(c => c.Parent == parent).Sum(Exposure);

    public int DaysPastDue(Doc d) => AsOf.DayNumber - d.Due.DayNumber;

    /// <summary>The OVERDUE_AGE rule with its defaults: undisputed, &gt; 60 days past due, open ≥ 100.</summary>
    public bool OverdueHold(Customer c) => c.Docs.Any(d => !d.IsCredit && !d.Disputed && d.Open >= 100 && DaysPastDue(d) > 60);

    public decimal OverdueUndisputed(Customer c) =>
        c.Docs.Where(d => !d.IsCredit && !d.Disputed && d.Open > 0 && DaysPastDue(d) > 0).Sum(d => d.Open);

    private DateOnly? LastPayment(Customer c) => Payments.Where(p => p.Customer == c).Select(p => (DateOnly?)p.Date).Max();

    // ---------------------------------------------------------------- scripted extras

    /// <summary>Two open invoices of one customer with the same amount: a payment of that amount without reference is ambiguous.</summary>
    private void MakeAmbiguousPair()
    {
        var picked = 0;
        foreach (var c in Customers.Where(c => c.Role == "" && c.Profile is Profile.Late or Profile.Prompt && !c.ManualHold))
        {
            var open = FreshOpenInvoices(c).ToList();
            if (open.Count < 3) { continue; }
            var (first, twin) = (open[0], open[^1]);
            if (OpenItems(c).Count(d => d.Open == first.Amount) != 1) { continue; }
            twin.Amount = twin.Open = first.Amount;
            c.Role = "ambiguous_pair";
            if (++picked == 2) { return; }
        }

        throw new InvalidOperationException("no customer for the ambiguous pair");
    }

    private void MakeOrders()
    {
        var rng = Rng.For(seed, "orders");
        var erp = 20000;
        var dv = 10000;
        void Add(Customer c, decimal amount, decimal uninvoiced, string status)
        {
            var source = rng.Chance(60) ? "erp" : "dataverse";
            var id = source == "erp" ? $"SO-{++erp}" : $"ORD-{++dv:00000}";
            Orders.Add(new Order(id, c, amount, uninvoiced, status, source));
        }

        decimal OrderAmount(Customer c) => Math.Round(c.Typical * rng.Int(50, 200) / 100m, 2);

        // The orders-only cases: open AR is under the limit, the open orders push exposure over it.
        var calm = Customers.Where(c => c.Role == "" && c.Currency == "USD" && c.Profile == Profile.Prompt && !c.ManualHold && OpenAr(c) > 3000
            && OverdueUndisputed(c) == 0 && !c.Docs.Any(d => d.Disputed)).ToList();
        foreach (var c in calm.Take(2))
        {
            c.Role = "orders_over_limit";
            var ar = OpenAr(c);
            c.Limit = NiceUp(Math.Max(ar * 1.25m, 5000m));
            var needed = c.Limit.Value - ar + Math.Round(c.Limit.Value * rng.Int(5, 15) / 100m, 2);
            var first = Math.Round(needed * 0.6m, 2);
            Add(c, first, first, "open");
            Add(c, needed - first + 1000m, needed - first, "open");
        }

        var eligible = Customers.Where(c => c.Role == "" && c.Profile is not Profile.Stopped).ToList();
        foreach (var c in rng.Shuffle(eligible).Take(100).OrderBy(c => c.Id, StringComparer.Ordinal))
        {
            for (var k = rng.Int(1, 4); k > 0; k--)
            {
                var amount = OrderAmount(c);
                var uninvoiced = rng.Chance(25) ? Math.Round(amount * rng.Int(20, 90) / 100m, 2) : amount;
                Add(c, amount, uninvoiced, "open");
            }
        }

        foreach (var c in rng.Shuffle(eligible).Take(60)) { Add(c, OrderAmount(c), 0, "invoiced"); }
        foreach (var c in rng.Shuffle(eligible).Take(35)) { Add(c, OrderAmount(c), 0, "cancelled"); }
    }

    private void MakePromises()
    {
        var rng = Rng.For(seed, "promises");

        // Kept: the promised amount arrived on or before the promised date.
        var kept = Customers.Where(c => c.Role == "" && c.Profile is Profile.Late or Profile.Chronic).ToList();
        foreach (var c in rng.Shuffle(kept).Take(10))
        {
            var payment = rng.Pick(Payments.Where(p => p.Customer == c && p.Date < AsOf.AddDays(-20) && p.Date > AsOf.AddDays(-400)).ToList());
            var promisedOn = payment.Date.AddDays(-rng.Int(3, 12));
            Promises.Add(new Promise(c, promisedOn, payment.Date.AddDays(rng.Int(0, 4)), payment.Amount, "kept"));
            c.Role = "promise_kept";
        }

        // Broken: the date passed (by more than the 2 grace days) and nothing arrived since the promise.
        var broken = Customers.Where(c => c.Role is "" or "stopped_paying" && OverdueUndisputed(c) > 0
            && (LastPayment(c) ?? Start) < AsOf.AddDays(-40)).ToList();
        foreach (var c in broken.Take(9))
        {
            var promisedOn = AsOf.AddDays(-rng.Int(25, 40));
            var overdue = c.Docs.Where(d => !d.IsCredit && !d.Disputed && d.Open > 0 && DaysPastDue(d) > 0).OrderBy(d => d.Due).Take(2);
            Promises.Add(new Promise(c, promisedOn, promisedOn.AddDays(rng.Int(5, 15)), overdue.Sum(d => d.Open), "broken"));
            if (c.Role == "") { c.Role = "promise_broken"; }
        }

        // Active: due after asOf; collections for the customer pause until then (+ grace).
        var active = Customers.Where(c => c.Role == "" && !OverdueHold(c) && OverdueUndisputed(c) > 0
            && c.Docs.Any(d => !d.IsCredit && !d.Disputed && d.Open > 0 && DaysPastDue(d) >= 15)
            && (LastPayment(c) ?? Start) < AsOf.AddDays(-10)).ToList();
        foreach (var c in rng.Shuffle(active).Take(9))
        {
            var promisedOn = AsOf.AddDays(-rng.Int(1, 8));
            Promises.Add(new Promise(c, promisedOn, AsOf.AddDays(rng.Int(2, 22)), OverdueUndisputed(c), "active"));
            c.Role = "promise_active";
        }
    }

    // ---------------------------------------------------------------- unapplied payments (the cash-application exercise)

    private void MakeUnappliedPayments()
    {
        var rng = Rng.For(seed, "unapplied");
        var used = new HashSet<Doc>();
        var payers = Customers.Where(c => c.Role == "" && c.Profile is not (Profile.Stopped or Profile.CashInAdvance) && !c.ManualHold).ToList();
        var drafts = new List<Payment>();

        List<Doc> Available(Customer c) => FreshOpenInvoices(c).Where(d => !used.Contains(d)).ToList();

        (Customer C, List<Doc> Docs)? Choose(int count, Func<Customer, List<Doc>, bool>? accept = null)
        {
            for (var attempt = 0; attempt < 400; attempt++)
            {
                var c = rng.Pick(payers);
                var available = Available(c);
                if (available.Count < count) { continue; }
                var docs = rng.Shuffle(available).Take(count).OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
                if (accept is not null && !accept(c, docs)) { continue; }
                return (c, docs);
            }

            return null;
        }

        void Add(Customer? payer, Customer owner, List<Doc> docs, decimal amount, string reference, string kind)
        {
            foreach (var d in docs) { used.Add(d); }
            var earliest = docs.Count == 0 ? AsOf.AddDays(-14) : docs.Max(d => d.Date);
            var date = AsOf.AddDays(-rng.Int(0, 15));
            drafts.Add(new Payment
            {
                Customer = payer, Currency = owner.Currency, Date = date < earliest ? earliest : date, Amount = amount,
                Reference = reference, Applied = 0, Pays = docs, Kind = kind, Seq = 100000 + drafts.Count,
            });
        }

        string N6(Doc d) => d.Id[4..];
        string N(Doc d) => d.Number.ToString(CultureInfo.InvariantCulture);
        string Clean(Doc d) => rng.Int(0, 6) switch
        {
            0 => d.Id,
            1 => $"Invoice {d.Id}",
            2 => $"Payment {d.Id}",
            3 => $"INV{N6(d)}",
            4 => $"INV {N6(d)}",
            _ => $"{d.Customer.Name} {d.Id}",
        };
        string Several(List<Doc> docs) => rng.Int(0, 5) switch
        {
            0 => string.Join(", ", docs.Select(d => d.Id)),
            1 => $"INV {N6(docs[0])}, " + string.Join(", ", docs.Skip(1).Select(d => $"INV-{N(d)}")),
            2 => string.Join("/", docs.Select(d => d.Id)),
            3 => "Invoices " + string.Join(" + ", docs.Select(N6)),
            _ => string.Join("; ", docs.Select(d => $"inv {N(d)}")),
        };
        string Typo(Doc d) => rng.Int(0, 6) switch
        {
            0 => $"IVN-{N6(d)}",
            1 => $"NIV {N6(d)}",
            2 => $"IN-{N6(d)}",
            3 => $"INVV-{N6(d)}",
            4 => $"lNV-{N6(d)}",
            _ => $"INV-O{N6(d)[1..]}",
        };
        string NoZeros(Doc d) => rng.Int(0, 5) switch
        {
            0 => $"INV-{N(d)}",
            1 => $"INV{N(d)}",
            2 => N(d),
            3 => $"Inv {N(d)}",
            _ => $"invoice no {N(d)}",
        };
        string Lower(Doc d) => rng.Int(0, 3) switch
        {
            0 => $"inv-{N6(d)}",
            1 => $"inv {N6(d)} thank you",
            _ => $"invoice inv-{N6(d)}",
        };
        decimal Sum(List<Doc> docs) => docs.Sum(d => d.Open);
        bool UniqueAmount(Customer c, decimal amount) => OpenItems(c).Count(d => d.Open == amount) == 1;

        void Repeat(int count, Action make) { for (var i = 0; i < count; i++) { make(); } }

        Repeat(55, () => { if (Choose(1) is (var c, var d)) { Add(c, c, d, Sum(d), Clean(d[0]), "exact"); } });
        Repeat(25, () => { if (Choose(rng.Int(2, 5)) is (var c, var d)) { Add(c, c, d, Sum(d), Several(d), "multi"); } });
        Repeat(15, () =>
        {
            if (Choose(rng.Int(1, 3), (_, d) => Sum(d) >= 100) is (var c, var d))
            {
                var total = Sum(d);
                var gap = Math.Max(0.01m, Math.Min(5.00m, Math.Round(total * rng.Int(1, 100) / 10000m, 2)));
                Add(c, c, d, total - gap, d.Count == 1 ? Clean(d[0]) : Several(d), "short");
            }
        });
        Repeat(8, () =>
        {
            if (Choose(1, (_, d) => Sum(d) >= 600) is (var c, var d))
            {
                Add(c, c, d, Math.Round(Sum(d) * rng.Int(85, 98) / 100m, 2), Clean(d[0]), "short_large");
            }
        });
        Repeat(8, () => { if (Choose(1) is (var c, var d)) { Add(c, c, d, Sum(d) + rng.Money(10, 250), Clean(d[0]), "over"); } });
        Repeat(20, () =>
        {
            if (Choose(1, (c, d) => UniqueAmount(c, d[0].Open)) is (var c, var d))
            {
                Add(c, c, d, Sum(d), "", "no_reference");
            }
        });
        Repeat(10, () =>
        {
            if (Choose(rng.Int(2, 4), (c, d) => UniqueSubset(c, d)) is (var c, var d))
            {
                Add(c, c, d, Sum(d), rng.Pick(new[] { "", "Payment as agreed", "Monthly payment", "Open items" }), "combined");
            }
        });
        Repeat(15, () => { if (Choose(1) is (var c, var d)) { Add(c, c, d, Sum(d), Typo(d[0]), "typo"); } });
        Repeat(20, () => { if (Choose(1) is (var c, var d)) { Add(c, c, d, Sum(d), NoZeros(d[0]), "missing_zeros"); } });
        Repeat(10, () => { if (Choose(1) is (var c, var d)) { Add(c, c, d, Sum(d), Lower(d[0]), "lowercase"); } });
        Repeat(10, () =>
        {
            if (Choose(rng.Int(1, 3)) is (var c, var d))
            {
                var text = d.Count == 1 ? Clean(d[0]) : Several(d);
                Add(null, c, d, Sum(d), text, "unknown_customer");
            }
        });

        // Genuinely ambiguous: no reference, and two open invoices of the customer carry that amount.
        foreach (var c in Customers.Where(c => c.Role == "ambiguous_pair"))
        {
            var twins = FreshOpenInvoices(c).GroupBy(d => d.Open).First(g => g.Count() == 2).ToList();
            Add(c, c, [twins[0]], twins[0].Open, "", "ambiguous");
        }

        // Garbage: nothing in the ledger corresponds to these.
        var someone = rng.Pick(payers);
        Add(null, someone, [], rng.Money(100, 900), "ACH CREDIT TRACE 99182736455", "garbage");
        Add(null, someone, [], rng.Money(1000, 3000), "WIRE IN /BNF/REFUND REVERSAL", "garbage");
        foreach (var text in new[] { "ADVANCE PAYMENT", "Deposit" })
        {
            var c = rng.Pick(payers);
            var amount = 1234.56m;
            while (!NothingMatches(c, amount)) { amount += 7.77m; }
            Add(c, c, [], amount, text, "garbage");
        }

        Payments.AddRange(drafts);

        var n = 0;
        foreach (var p in Payments.OrderBy(p => p.Date).ThenBy(p => p.Seq).ToList()) { p.Id = $"PAY-{++n:000000}"; }
        Payments.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
    }

    /// <summary>True when the docs are the only subset (size ≤ 4) of the customer's open items with that sum, and no single item matches it.</summary>
    private bool UniqueSubset(Customer c, List<Doc> docs)
    {
        var target = docs.Sum(d => d.Open);
        return CountSubsets(OpenItems(c).Select(d => d.Open).ToList(), target, 4) == 1
            && !OpenItems(c).Any(d => d.Open == target);
    }

    private bool NothingMatches(Customer c, decimal amount) => CountSubsets(OpenItems(c).Select(d => d.Open).ToList(), amount, 3) == 0;

    private static int CountSubsets(List<decimal> values, decimal target, int maxSize)
    {
        var count = 0;
        void Walk(int from, int size, decimal sum)
        {
            if (size > 0 && sum == target) { count++; }
            if (size == maxSize) { return; }
            for (var i = from; i < values.Count; i++) { Walk(i + 1, size + 1, sum + values[i]); }
        }

        Walk(0, 0, 0m);
        return count;
    }

    // ---------------------------------------------------------------- credit limits

    private static decimal NiceUp(decimal value)
    {
        var step = value < 10000 ? 500m : value < 100000 ? 5000m : 10000m;
        return Math.Ceiling(value / step) * step;
    }

    private void SetCreditLimits()
    {
        var rng = Rng.For(seed, "limits");
        foreach (var c in Customers.Where(c => c.Limit is null))
        {
            var sales = c.Docs.Where(d => !d.IsCredit && d.Date > AsOf.AddDays(-365)).Sum(d => d.Amount);
            var monthly = sales / 12m;
            var months = c.Terms / 30m + (c.Profile is Profile.Chronic or Profile.Deteriorating ? 3 : 1);
            c.Limit = NiceUp(Math.Max(1000m, monthly * months * rng.Int(140, 241) / 100m));
        }

        // About 6% have no limit at all (no check); two pay in advance (limit 0).
        foreach (var c in rng.Shuffle(Customers.Where(c => c.Role == "" && c.Tier != Tier.Small && c.Parent is null
                     && !Customers.Any(x => x.Parent == c))).Take(14))
        {
            c.Limit = null;
        }

        foreach (var c in Customers.Where(c => c.Role == "cash_in_advance")) { c.Limit = 0; }

        foreach (var c in Customers.Where(c => c.Role == "just_over_limit"))
        {
            c.Limit = Math.Floor(Exposure(c) / 1.025m / 100m) * 100m;
        }

        foreach (var c in Customers.Where(c => c.Role == "disputed_only_overdue"))
        {
            c.Limit = NiceUp(Exposure(c) * 2);
        }

        // Groups: the holding's limit is the group limit.
        foreach (var parent in Customers.Where(p => Customers.Any(c => c.Parent == p)))
        {
            var children = Customers.Where(c => c.Parent == parent).ToList();
            if (parent.Role == "group_over_limit")
            {
                foreach (var child in children) { child.Limit = NiceUp(Exposure(child) * 1.6m + 5000m); }
                parent.Limit = Math.Floor(GroupExposure(parent) * 0.85m / 5000m) * 5000m;
            }
            else
            {
                parent.Limit = NiceUp(Math.Max(GroupExposure(parent) * 1.5m, children.Sum(c => c.Limit ?? 0m) * 0.8m));
            }
        }
    }

    // ---------------------------------------------------------------- the cases the README names

    private void PickShowcaseCases()
    {
        string Money(decimal v, Customer c) => $"{v.ToString("N2", CultureInfo.InvariantCulture)} {c.Currency}";
        string Exp(Customer c) => $"exposure {Money(Exposure(c), c)} vs limit {(c.Limit is { } l ? Money(l, c) : "none")}";
        bool Clean(Customer c) => !c.ManualHold && !OverdueHold(c) && (c.Limit is null || Exposure(c) <= c.Limit);

        // Unapplied cash for a customer would change its picture once applied; the hold example has none.
        bool Quiet(Customer c) => !Payments.Any(p => p.Applied == 0 && (p.Customer == c || p.Pays.Any(d => d.Customer == c)));

        var hold = Customers.Where(c => c.Role == "" && c.Currency == "USD" && OverdueHold(c) && !c.ManualHold && Quiet(c)
                && c.Limit is { } l && Exposure(c) <= l)
            .OrderBy(c => c.Docs.Where(d => d.Open >= 100 && !d.Disputed && !d.IsCredit).Max(DaysPastDue)).First();
        var oldest = hold.Docs.Where(d => d.Open >= 100 && !d.Disputed && !d.IsCredit).MaxBy(DaysPastDue)!;
        Cases.Add(new Case("overdue_hold", hold, $"{oldest.Id} {DaysPastDue(oldest)} days past due, open {Money(oldest.Open, hold)}; {Exp(hold)}"));

        var just = Customers.First(c => c.Role == "just_over_limit");
        Cases.Add(new Case("just_over_limit", just, Exp(just)));

        var parent = Customers.First(c => c.Role == "group_over_limit" && c.Parent is null);
        var kids = string.Join("; ", Customers.Where(c => c.Parent == parent).Select(c => $"{c.Id} {Exp(c)}"));
        Cases.Add(new Case("group_over_limit", parent,
            $"group exposure {Money(GroupExposure(parent), parent)} vs parent limit {Money(parent.Limit!.Value, parent)}; parent alone {Money(Exposure(parent), parent)}; {kids}"));

        foreach (var c in Customers.Where(c => c.Role == "orders_over_limit"))
        {
            Cases.Add(new Case("orders_over_limit", c, $"open AR {Money(OpenAr(c), c)} + open orders {Money(OpenOrders(c), c)}; {Exp(c)}"));
        }

        foreach (var c in Customers.Where(c => c.Role == "cash_in_advance"))
        {
            Cases.Add(new Case("credit_limit_zero", c, $"cash in advance; {Exp(c)}; any new order is blocked"));
        }

        var noLimit = Customers.Where(c => c.Limit is null && c.Role == "" && Clean(c)).MaxBy(Exposure)!;
        Cases.Add(new Case("no_limit", noLimit, $"no credit limit; exposure {Money(Exposure(noLimit), noLimit)}"));

        foreach (var kind in new[] { "broken", "kept", "active" })
        {
            var p = Promises.Where(p => p.Kind == kind).OrderBy(p => Clean(p.Customer) ? 0 : 1).First();
            Cases.Add(new Case($"promise_{kind}", p.Customer,
                $"promised {p.PromisedOn:yyyy-MM-dd} to pay {Money(p.Amount, p.Customer)} by {p.Due:yyyy-MM-dd}"));
        }

        var disputed = Customers.First(c => c.Role == "disputed_only_overdue");
        var items = string.Join(", ", disputed.Docs.Where(d => d.Open > 0 && DaysPastDue(d) > 0).Select(d => $"{d.Id} ({DaysPastDue(d)} days)"));
        Cases.Add(new Case("disputed_only_overdue", disputed, $"all overdue items disputed: {items}; {Exp(disputed)}"));

        var po = Customers.First(c => c.Role == "po_missing");
        var missing = string.Join(", ", po.Docs.Where(d => !d.IsCredit && d.Po == "" && d.Open > 0).Select(d => d.Id));
        Cases.Add(new Case("po_missing", po, $"requires PO; open invoices without PO: {missing}"));

        var eur = Customers.Where(c => c.Currency == "EUR" && c.Role == "" && c.Collector != "" && Clean(c)).MaxBy(OpenAr)!;
        Cases.Add(new Case("eur_customer", eur, $"invoices in EUR; {Exp(eur)}"));

        foreach (var c in Customers.Where(c => c.ManualHold))
        {
            Cases.Add(new Case("manual_hold", c, $"manual_hold=true ({c.Profile.ToString().ToLowerInvariant()} payer); {Exp(c)}"));
        }

        foreach (var c in Customers.Where(c => c.Role == "stopped_paying"))
        {
            Cases.Add(new Case("stopped_paying", c, $"no payment since {LastPayment(c):yyyy-MM-dd}; open {Money(OpenAr(c), c)}"));
        }

        foreach (var c in Customers.Where(c => c.Role == "ambiguous_pair"))
        {
            Cases.Add(new Case("ambiguous_pair", c, "two open invoices with the same amount; see truth/cash-application.csv kind=ambiguous"));
        }

        var noCollector = Customers.First(c => c.Collector == "" && c.Role == "" && OverdueUndisputed(c) > 0 && Quiet(c));
        Cases.Add(new Case("no_collector", noCollector, $"no collector; territory {noCollector.Territory}; overdue {Money(OverdueUndisputed(noCollector), noCollector)}"));
    }

    // ---------------------------------------------------------------- invariants (the generator refuses to write bad data)

    public void Validate()
    {
        void Require(bool ok, string what) { if (!ok) { throw new InvalidOperationException(what); } }
        var rateStart = Rates[0].Date;
        foreach (var d in Docs)
        {
            Require(d.Due >= d.Date && d.Date <= AsOf && d.Date >= rateStart, $"{d.Id} dates");
            Require(Math.Sign(d.Open) * Math.Sign(d.Amount) >= 0 && Math.Abs(d.Open) <= Math.Abs(d.Amount), $"{d.Id} open vs amount");
            Require(d.IsCredit ? d.Amount < 0 : d.Amount > 0, $"{d.Id} sign");
            Require(d.Status != "paid" || d.Open == 0, $"{d.Id} paid but open");
            Require(d.Status != "written_off" || d.Open == 0, $"{d.Id} written off but open");
            Require(d.Status != "open" || d.Open != 0, $"{d.Id} open with nothing open");
            Require(!d.Disputed || d.Status == "open", $"{d.Id} disputed but closed");
        }

        foreach (var p in Payments)
        {
            Require(p.Amount > 0 && p.Date <= AsOf, $"{p.Id} amount/date");
            if (p.Applied == 0)
            {
                Require(p.Pays.All(d => d.Status == "open" && d.Open > 0 && !d.Disputed), $"{p.Id} pays a closed invoice");
                Require(p.Pays.All(d => d.Date <= p.Date), $"{p.Id} pays an invoice dated later");
            }
            else
            {
                Require(p.Applied == p.Amount && p.Pays.All(d => d.Date <= p.Date), $"{p.Id} historic");
            }
        }

        foreach (var o in Orders) { Require(o.Uninvoiced >= 0 && o.Uninvoiced <= o.Amount, $"{o.Id} uninvoiced"); }

        string[] expected = ["overdue_hold", "just_over_limit", "group_over_limit", "orders_over_limit", "credit_limit_zero",
            "no_limit", "promise_broken", "promise_kept", "promise_active", "disputed_only_overdue", "po_missing", "eur_customer",
            "manual_hold", "stopped_paying", "ambiguous_pair", "no_collector"];
        Require(expected.All(e => Cases.Any(c => c.Name == e)), "a showcase case is missing");
        foreach (var c in Cases)
        {
            var x = c.Customer;
            switch (c.Name)
            {
                case "just_over_limit":
                    Require(Exposure(x) > x.Limit && Exposure(x) <= x.Limit * 1.05m && !OverdueHold(x), c.Name);
                    break;
                case "orders_over_limit":
                    Require(OpenAr(x) - Unapplied(x) <= x.Limit && Exposure(x) > x.Limit, c.Name);
                    break;
                case "group_over_limit":
                    Require(GroupExposure(x) > x.Limit && Exposure(x) <= x.Limit, c.Name);
                    Require(Customers.Where(k => k.Parent == x).All(k => Exposure(k) <= k.Limit && !OverdueHold(k)), c.Name);
                    break;
                case "credit_limit_zero":
                    Require(x.Limit == 0 && Exposure(x) == 0, c.Name);
                    break;
                case "disputed_only_overdue":
                    Require(OverdueUndisputed(x) == 0 && x.Docs.Any(d => d.Disputed && DaysPastDue(d) > 60) && !OverdueHold(x), c.Name);
                    break;
                case "overdue_hold":
                    Require(OverdueHold(x), c.Name);
                    break;
                default:
                    break;
            }
        }

        foreach (var p in Promises.Where(p => p.Kind == "broken"))
        {
            Require(p.Due < AsOf.AddDays(-2) && !Payments.Any(x => x.Customer == p.Customer && x.Date >= p.PromisedOn), "broken promise");
        }

        foreach (var p in Promises.Where(p => p.Kind == "kept"))
        {
            Require(Payments.Where(x => x.Customer == p.Customer && x.Date >= p.PromisedOn && x.Date <= p.Due).Sum(x => x.Amount) >= p.Amount, "kept promise");
        }
    }

    public string Summary()
    {
        var unapplied = Payments.Count(p => p.Applied == 0);
        return $"customers {Customers.Count}, documents {Docs.Count}, payments {Payments.Count} ({unapplied} unapplied), " +
            $"orders {Orders.Count}, promises {Promises.Count}, rates {Rates.Count}, cases {Cases.Count}";
    }
}

static class Output
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static void Write(Company co, string dir)
    {
        Directory.CreateDirectory(Path.Combine(dir, "truth"));
        static string M(decimal v) => v.ToString("0.00", CultureInfo.InvariantCulture);
        static string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        static string B(bool b) => b ? "true" : "false";

        Csv("customers.csv", "id,name,currency,payment_terms_days,credit_limit,parent_id,risk_class,collector,territory,email,manual_hold,requires_po",
            co.Customers.OrderBy(c => c.Id, StringComparer.Ordinal).Select(c => new[]
            {
                c.Id, c.Name, c.Currency, c.Terms.ToString(CultureInfo.InvariantCulture), c.Limit is { } l ? M(l) : "",
                c.Parent?.Id ?? "", c.Risk, c.Collector, c.Territory, c.Email, B(c.ManualHold), B(c.RequiresPo),
            }));
        Csv("invoices.csv", "id,customer_id,type,document_date,due_date,amount,open_amount,currency,po_number,disputed,status",
            co.Docs.OrderBy(d => d.Date).ThenBy(d => d.Id, StringComparer.Ordinal).Select(d => new[]
            {
                d.Id, d.Customer.Id, d.IsCredit ? "credit_memo" : "invoice", D(d.Date), D(d.Due), M(d.Amount), M(d.Open),
                d.Customer.Currency, d.Po, B(d.Disputed), d.Status,
            }));
        Csv("payments.csv", "id,customer_id,date,amount,currency,reference,applied_amount",
            co.Payments.Select(p => new[] { p.Id, p.Customer?.Id ?? "", D(p.Date), M(p.Amount), p.Currency, p.Reference, M(p.Applied) }));
        Csv("orders.csv", "id,customer_id,amount,uninvoiced_amount,currency,status,source",
            co.Orders.OrderBy(o => o.Id, StringComparer.Ordinal).Select(o => new[]
            {
                o.Id, o.Customer.Id, M(o.Amount), M(o.Uninvoiced), o.Customer.Currency, o.Status, o.Source,
            }));
        Csv("rates.csv", "currency,date,rate",
            co.Rates.Select(r => new[] { "EUR", D(r.Date), r.Rate.ToString("0.0000", CultureInfo.InvariantCulture) }));
        Csv("promises.csv", "customer_id,promised_on,due_date,amount",
            co.Promises.OrderBy(p => p.PromisedOn).ThenBy(p => p.Customer.Id, StringComparer.Ordinal)
                .Select(p => new[] { p.Customer.Id, D(p.PromisedOn), D(p.Due), M(p.Amount) }));
        Csv("collectors.csv", "id,name,email,territories,languages",
            co.Collectors.Select(c => new[] { c.Id, c.Name, c.Email, string.Join(';', c.Territories), string.Join(';', c.Languages) }));
        Csv("truth/cash-application.csv", "payment_id,invoice_ids,kind",
            co.Payments.Where(p => p.Applied == 0).Select(p => new[] { p.Id, string.Join(';', p.Pays.Select(d => d.Id)), p.Kind }));
        Csv("truth/promises.csv", "customer_id,promised_on,due_date,amount,kind",
            co.Promises.OrderBy(p => p.PromisedOn).ThenBy(p => p.Customer.Id, StringComparer.Ordinal)
                .Select(p => new[] { p.Customer.Id, D(p.PromisedOn), D(p.Due), M(p.Amount), p.Kind }));
        Csv("truth/cases.csv", "case,customer_id,detail",
            co.Cases.Select(c => new[] { c.Name, c.Customer.Id, c.Detail }));

        var manifest = $$"""
            {
              "asOf": "{{D(co.AsOf)}}",
              "companyCurrency": "USD",
              "seed": {{co.Seed}},
              "generator": "samples/generator/generate.cs"
            }

            """;
        System.IO.File.WriteAllText(Path.Combine(dir, "manifest.json"), manifest.ReplaceLineEndings("\n"), Utf8);

        void Csv(string name, string header, IEnumerable<string[]> rows)
        {
            var sb = new StringBuilder(header).Append('\n');
            foreach (var row in rows) { sb.AppendJoin(',', row.Select(Quote)).Append('\n'); }
            System.IO.File.WriteAllText(Path.Combine(dir, name), sb.ToString(), Utf8);
        }
    }

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}
