using System.Globalization;
using System.Text;

namespace Transparency.Core.Demo;

/// <summary>The words the demo organisation's people, customers and projects are made of.</summary>
internal static class DemoText
{
    public const string Organisation = "Demo Organisation";
    public const string MailDomain = "demo.transparency";

    /// <summary>
    /// Given and family names by region. Most people's names come from one region; some are mixed,
    /// as in any international workforce.
    /// </summary>
    public static readonly IReadOnlyList<(string[] First, string[] Last)> NameRegions =
    [
        (["Anders", "Astrid", "Bjørn", "Erik", "Freya", "Ingrid", "Johan", "Karin", "Lars", "Nils", "Søren", "Ólafur", "Henrik", "Sara"],
            ["Andersson", "Eriksen", "Hansen", "Jensen", "Johansson", "Lindqvist", "Nielsen", "Olsen", "Sørensen", "Svensson", "Virtanen"]),
        (["Anja", "Finn", "Hannah", "Julia", "Lea", "Lukas", "Tobias", "Petra", "Daan", "Sanne"],
            ["Becker", "Fischer", "Hartmann", "Hoffmann", "Meyer", "Müller", "Richter", "Schmidt", "Schneider", "Wagner", "Bakker", "Jansen", "Van Dijk"]),
        (["Camille", "Chloé", "Léon", "Théo", "Renée", "Gabriel", "Manon", "Hugo"],
            ["Bernard", "Dubois", "Fontaine", "Laurent", "Martin", "Moreau"]),
        (["Alejandro", "Carlos", "Diego", "Javier", "Lucía", "Mateo", "Paula", "Sebastián", "Valentina", "Isabel", "Andrea"],
            ["Castillo", "Fernández", "García", "González", "Ramírez", "Rodríguez", "Sánchez", "Quispe"]),
        (["Ana", "Beatriz", "Felipe", "Inês", "Joana", "Mariana", "Pedro", "Lucas"],
            ["Almeida", "Costa", "Da Silva", "Lopes", "Mendes", "Pereira", "Santos", "Silva"]),
        (["Chiara", "Marco", "Giulia", "Rosa", "Matteo", "Sofia"],
            ["Bianchi", "Romano", "Ricci", "Greco", "Conti"]),
        (["Agnieszka", "Aleksander", "Jakub", "Kateřina", "Magdalena", "Marek", "Marta", "Zofia", "Ivan", "Nikolai", "Olga", "Dmitri", "Elena"],
            ["Dąbrowski", "Dvořák", "Kowalski", "Nowak", "Novák", "Wiśniewska", "Ivanova", "Petrov", "Popescu", "Varga", "Kovač"]),
        (["Ayşe", "Elif", "Mehmet", "Yusuf", "Emre", "Zeynep"],
            ["Demir", "Kaya", "Yılmaz", "Şahin", "Çelik"]),
        (["Ahmed", "Aisha", "Amir", "Bilal", "Fatima", "Laila", "Mohammed", "Nadia", "Noor", "Omar", "Rania", "Tariq", "Yara", "Yasmin"],
            ["Abdullah", "Haddad", "Hussain", "Ibrahim", "Mansour", "Khalil"]),
        (["Adaeze", "Chinedu", "Emeka", "Kwame", "Ngozi", "Oluwaseun", "Abena", "Kofi"],
            ["Adeyemi", "Okonkwo", "Osei", "Mensah", "Eze", "Boateng"]),
        (["Abebe", "Dawit", "Naledi", "Thandiwe", "Zanele", "Amara", "Wanjiru", "Baraka"],
            ["Mahlangu", "Mwangi", "Odhiambo", "Tesfaye", "Dlamini", "Kamau"]),
        (["Ananya", "Arjun", "Rahul", "Ravi", "Siddharth", "Sunita", "Priyanka", "Kamal", "Deepa"],
            ["Banerjee", "Chatterjee", "Gupta", "Kumar", "Patel", "Reddy", "Sharma", "Singh", "Iyer"]),
        (["Chen", "Mei", "Wei", "Jing", "Hao", "Xiaoling"],
            ["Chen", "Wang", "Zhang", "Liu", "Huang", "Li"]),
        (["Aiko", "Hiroshi", "Kenji", "Sakura", "Yuki", "Haruto"],
            ["Nakamura", "Sato", "Suzuki", "Takahashi", "Tanaka", "Yamamoto"]),
        (["Ji-woo", "Seo-yeon", "Min-jun", "Hye-jin"],
            ["Kim", "Lee", "Park", "Choi"]),
        (["Emma", "Grace", "Daniel", "Ruth", "Esther", "Liam", "Siobhán", "Oliver", "Chloe", "Zoë"],
            ["Brown", "Murphy", "O'Brien", "Thompson", "Walsh", "Goldberg", "Nguyen", "Taylor"]),
    ];

    /// <summary>Every given name, for the colleagues people mention in what they type.</summary>
    public static readonly string[] FirstNames = [.. NameRegions.SelectMany(r => r.First).Distinct()];

    public static readonly string[] LastNames = [.. NameRegions.SelectMany(r => r.Last).Distinct()];

    /// <summary>A plausible full name: usually both parts from one region.</summary>
    public static (string First, string Last) Name(Random rng)
    {
        var region = Pick(rng, NameRegions);
        var first = Pick(rng, region.First);
        var last = rng.NextDouble() < 0.2 ? Pick(rng, LastNames) : Pick(rng, region.Last);
        return (first, last);
    }

    public static readonly string[] Companies =
    [
        "Contoso Retail", "Fabrikam Logistics", "Tailspin Toys", "Wide World Importers", "Alpine Ski House",
        "Coho Winery", "Lucerne Publishing", "Margie's Travel", "Northwind Traders", "Adventure Works",
        "Proseware", "Litware", "Woodgrove Bank", "Trey Research", "Blue Yonder Airlines",
    ];

    private static readonly string[] Subjects =
    [
        "Q4 planning offsite", "Invoice 2026-1147 overdue", "Updated travel policy", "Your expense report was approved",
        "Onboarding plan for next week", "Customer escalation: login failures", "Budget review follow-up",
        "Contract renewal – {company}", "Team lunch on Friday?", "Minutes: architecture review", "Security training reminder",
        "Draft proposal for {company}", "Holiday cover in {month}", "Release notes 4.12", "Interview feedback",
    ];

    private static readonly string[] Issues =
    [
        "Retry payment webhook on timeout", "Dark mode toggle ignores system setting", "Export to CSV drops umlauts",
        "Flaky test in OrderServiceTests", "Upgrade to .NET 10", "Rate-limit the search endpoint", "Crash when offline on startup",
        "Slow query on invoice list", "Add audit log for role changes", "Date picker shows wrong week start",
    ];

    private static readonly string[] Files =
    [
        "OrderService.cs", "PaymentWebhook.cs", "Program.cs", "InvoiceList.razor", "appsettings.json", "docker-compose.yml",
        "useCart.ts", "api.ts", "Dockerfile", "ingest.py", "schema.sql", "README.md", "RetryPolicy.cs", "main.tf",
    ];

    private static readonly string[] Repos = ["payments", "checkout-web", "platform-infra", "data-pipeline", "mobile-app", "identity"];
    private static readonly string[] Workbooks = ["Forecast FY27", "Cost centres Nov", "Bank reconciliation", "Pipeline Q4", "Headcount plan", "Travel expenses"];
    private static readonly string[] Documents = ["Data processing agreement", "Offer letter template", "Works agreement draft", "Supplier contract v3", "Meeting notes", "Policy update"];
    private static readonly string[] Decks = ["Quarterly business review", "Customer pitch", "Team update", "Roadmap 2027", "Onboarding"];
    private static readonly string[] Pages = ["On-call runbook", "Release checklist", "Architecture decision records", "Team onboarding", "Incident 2026-11 postmortem"];
    private static readonly string[] Channels = ["platform-team", "incidents", "deploys", "random", "apps-guild", "support-escalations", "general"];
    private static readonly string[] ProjectKeys = ["PLAT", "APP", "DATA", "SUP", "FIN"];
    private static readonly string[] Months = CultureInfo.InvariantCulture.DateTimeFormat.MonthNames[..12];
    private static readonly string[] Days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];
    private static readonly string[] Times = ["9 am", "10:30", "11 am", "2 pm", "3:30 pm", "4 pm"];

    private static readonly string[] SupportSubjects =
    [
        "Cannot reset password", "Charged twice for subscription", "Export stuck at 99%", "Invoice address wrong",
        "App crashes on login", "Request to delete my account", "Delivery still not arrived",
    ];

    public static readonly string[] Queries =
    [
        "c# dictionary trygetvalue vs containskey", "postgres index only scan visibility map", "excel xlookup multiple criteria",
        "how to write a reference letter", "flights berlin lisbon march", "kubernetes pod crashloopbackoff", "vat rate netherlands 2026",
        "git rebase onto another branch", "blazor render mode interactive server", "weather tomorrow", "ifrs 16 lease calculation example",
        "salary benchmark product manager", "how to politely decline a meeting", "linq groupby multiple keys", "train times to airport",
    ];

    /// <summary>Fills <c>{token}</c>s in a template. Unknown tokens are kept, so a typo in a template shows up in the data.</summary>
    public static string Fill(string template, Random rng, string me)
    {
        if (!template.Contains('{'))
            return template;
        var text = new StringBuilder(template.Length + 32);
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf('{', i);
            var close = open < 0 ? -1 : template.IndexOf('}', open);
            if (close < 0)
            {
                text.Append(template, i, template.Length - i);
                break;
            }
            text.Append(template, i, open - i);
            var token = template.Substring(open + 1, close - open - 1);
            text.Append(Token(token, rng, me) ?? "{" + token + "}");
            i = close + 1;
        }
        return text.ToString();
    }

    private static string? Token(string token, Random rng, string me) => token switch
    {
        "colleague" => Pick(rng, FirstNames),
        "colleagueFull" => $"{Pick(rng, FirstNames)} {Pick(rng, LastNames)}",
        "company" => Pick(rng, Companies),
        "me" => me,
        "n" => rng.Next(100, 999).ToString(CultureInfo.InvariantCulture),
        "nn" => rng.Next(10_000, 99_999).ToString(CultureInfo.InvariantCulture),
        "ticket" => $"{Pick(rng, ProjectKeys)}-{rng.Next(100, 4000)}",
        "issue" => Pick(rng, Issues),
        "subject" => Fill(Pick(rng, Subjects), rng, me),
        "file" => Pick(rng, Files),
        "repo" => Pick(rng, Repos),
        "workbook" => Pick(rng, Workbooks),
        "document" => Pick(rng, Documents),
        "deck" => Pick(rng, Decks),
        "page" => Pick(rng, Pages),
        "channel" => Pick(rng, Channels),
        "query" => Pick(rng, Queries),
        "supportSubject" => Pick(rng, SupportSubjects),
        "month" => Pick(rng, Months),
        "day" => Pick(rng, Days),
        "time" => Pick(rng, Times),
        "amount" => (rng.Next(1_000, 2_500_000) / 100m).ToString("#,##0.00", CultureInfo.InvariantCulture),
        "iban" => $"DE{rng.Next(10, 99)} {rng.Next(1000, 9999)} {rng.Next(1000, 9999)} {rng.Next(1000, 9999)} {rng.Next(1000, 9999)} {rng.Next(10, 99)}",
        _ => null,
    };

    public static T Pick<T>(Random rng, IReadOnlyList<T> items) => items[rng.Next(items.Count)];

    /// <summary>The ASCII form of a name for sign-in identities (ł → l, ø → o, ü → u …).</summary>
    public static string Ascii(string name)
    {
        var text = new StringBuilder(name.Length);
        foreach (var c in name.ToLowerInvariant())
        {
            var mapped = c switch
            {
                'á' or 'à' or 'â' or 'ä' or 'ã' or 'å' or 'ą' => "a",
                'æ' => "ae",
                'ç' or 'č' or 'ć' => "c",
                'ď' => "d",
                'é' or 'è' or 'ê' or 'ë' or 'ě' or 'ę' => "e",
                'ğ' => "g",
                'í' or 'ì' or 'î' or 'ï' or 'ı' => "i",
                'ł' => "l",
                'ñ' or 'ń' or 'ň' => "n",
                'ó' or 'ò' or 'ô' or 'ö' or 'õ' or 'ø' => "o",
                'ř' => "r",
                'ś' or 'š' or 'ş' => "s",
                'ß' => "ss",
                'ť' => "t",
                'ú' or 'ù' or 'û' or 'ü' or 'ů' => "u",
                'ý' or 'ÿ' => "y",
                'ź' or 'ż' or 'ž' => "z",
                ' ' or '\'' => "",
                _ when c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-' => c.ToString(),
                _ => "",
            };
            text.Append(mapped);
        }
        return text.ToString();
    }
}
