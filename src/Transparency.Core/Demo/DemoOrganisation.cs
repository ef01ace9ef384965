using Transparency.Core.EventStore;

namespace Transparency.Core.Demo;

/// <summary>
/// A team of the demo organisation: where people sit, how busy their machines are, when their day
/// starts (UTC) and which applications and sites fill it.
/// </summary>
internal sealed record DemoTeam(
    string Id, string Name, string ParentId, double Headcount, double Activity, int WorkStartUtc,
    IReadOnlyList<(string Surface, double Weight)> Surfaces);

/// <summary>The organisation's hierarchy: the organisation, its departments, and their teams.</summary>
internal static class DemoOrganisation
{
    public const string RootId = "OU-ORG";

    // Everyone reads mail, chats and searches; teams add their own tools on top.
    private static readonly (string, double)[] Common =
        [("Outlook", 3), ("Microsoft Teams", 2.5), ("Google Search", 1), ("Intranet", 0.4), ("Workday", 0.15)];

    private static (string, double)[] With(params (string, double)[] own) => [.. Common, .. own];

    public static readonly IReadOnlyList<OrgUnit> Departments =
    [
        new() { Id = RootId, Name = DemoText.Organisation },
        new() { Id = "OU-ENG", Name = "Engineering", ParentId = RootId },
        new() { Id = "OU-SUP", Name = "Customer Support", ParentId = RootId },
        new() { Id = "OU-FIN", Name = "Finance", ParentId = RootId },
        new() { Id = "OU-SALES", Name = "Sales", ParentId = RootId },
        new() { Id = "OU-HR", Name = "HR", ParentId = RootId },
        new() { Id = "OU-LEGAL", Name = "Legal & Privacy", ParentId = RootId },
        new() { Id = "OU-WC", Name = "Works Council", ParentId = RootId },
    ];

    public static readonly IReadOnlyList<DemoTeam> Teams =
    [
        new("OU-ENG-PLATFORM", "Platform", "OU-ENG", 22, 1.3, 8, With(("Visual Studio Code", 3), ("Rider", 2), ("Windows Terminal", 2), ("Slack", 3), ("Jira", 1.5), ("GitHub", 1.5), ("Grafana", 1), ("Confluence", 0.6), ("Stack Overflow", 0.6))),
        new("OU-ENG-APPS", "Apps", "OU-ENG", 26, 1.25, 8, With(("Visual Studio Code", 4), ("Windows Terminal", 1.2), ("Slack", 3), ("Jira", 2), ("GitHub", 1.5), ("Stack Overflow", 0.8), ("Confluence", 0.5))),
        new("OU-ENG-DATA", "Data", "OU-ENG", 12, 1.1, 8, With(("Visual Studio Code", 3), ("Windows Terminal", 1.5), ("Slack", 2), ("Jira", 1), ("Power BI", 1.5), ("Excel", 1), ("GitHub", 1))),
        new("OU-SUP-FRONTLINE", "Frontline", "OU-SUP", 26, 1.4, 7, With(("Zendesk", 6), ("Confluence", 1), ("Salesforce", 0.8), ("Slack", 0.5))),
        new("OU-SUP-ESCALATIONS", "Escalations", "OU-SUP", 10, 1.2, 8, With(("Zendesk", 4), ("Jira", 2), ("Grafana", 0.6), ("Confluence", 1), ("Slack", 1.5))),
        new("OU-FIN-ACCOUNTING", "Accounting", "OU-FIN", 11, 1.0, 7, With(("Excel", 5), ("SAP GUI", 4), ("Adobe Acrobat", 1), ("Power BI", 0.5), (DemoSurfaces.BankingSite, 0.6))),
        new("OU-FIN-FPA", "Planning & Analysis", "OU-FIN", 8, 0.95, 8, With(("Excel", 6), ("Power BI", 3), ("PowerPoint", 1.5), ("SAP GUI", 1))),
        new("OU-SALES-EMEA", "Sales EMEA", "OU-SALES", 14, 0.9, 8, With(("Salesforce", 5), ("PowerPoint", 2), ("LinkedIn", 1.5), ("Excel", 1))),
        new("OU-SALES-AMERICAS", "Sales Americas", "OU-SALES", 12, 0.9, 14, With(("Salesforce", 5), ("PowerPoint", 2), ("LinkedIn", 1.5), ("Excel", 1))),
        new("OU-HR-PARTNERS", "People Partners", "OU-HR", 6, 0.8, 8, With(("Workday", 4), ("Word", 2), ("Excel", 1.5), ("Adobe Acrobat", 0.5))),
        new("OU-HR-RECRUITING", "Recruiting", "OU-HR", 5, 0.85, 8, With(("Workday", 3), ("LinkedIn", 3), ("Word", 1))),
        new("OU-LEGAL-COUNSEL", "Legal Counsel", "OU-LEGAL", 4, 0.7, 8, With(("Word", 5), ("Adobe Acrobat", 3))),
        new("OU-LEGAL-PRIVACY", "Privacy Office", "OU-LEGAL", 3, 0.7, 8, With(("OneTrust", 4), ("Word", 3), ("Adobe Acrobat", 1), ("Excel", 1))),
        new("OU-WC-MEMBERS", "Works Council Members", "OU-WC", 3, 0.6, 8, With(("Word", 2), (DemoSurfaces.WorksCouncilSite, 3))),
    ];

    public static DemoTeam Team(string id) => Teams.First(t => t.Id == id);

    /// <summary>Where the demo users sit: each in the unit their role belongs to.</summary>
    public static readonly IReadOnlyDictionary<string, string> DemoUserTeams = new Dictionary<string, string>
    {
        ["E00001"] = "OU-ENG-PLATFORM",
        ["E00002"] = "OU-SUP-FRONTLINE",
        ["E00003"] = "OU-FIN-ACCOUNTING",
        ["E00004"] = "OU-WC-MEMBERS",
        ["E00005"] = "OU-HR-PARTNERS",
        ["E00006"] = "OU-LEGAL-PRIVACY",
    };

    public static IReadOnlyList<OrgUnit> OrgUnits() =>
        [
            .. Departments.Select(d => new OrgUnit { Id = d.Id, Name = d.Name, ParentId = d.ParentId }),
            .. Teams.Select(t => new OrgUnit { Id = t.Id, Name = t.Name, ParentId = t.ParentId }),
        ];

    /// <summary>
    /// Which team each employee after the demo users joins: headcount shares rounded by largest
    /// remainder (so every team is staffed at realistic sizes), then shuffled so ids don't follow teams.
    /// </summary>
    public static List<DemoTeam> AssignTeams(int others, Random rng)
    {
        var total = Teams.Sum(t => t.Headcount);
        var quotas = Teams.Select(t => others * t.Headcount / total).ToArray();
        var counts = quotas.Select(q => (int)Math.Floor(q)).ToArray();
        var order = Enumerable.Range(0, Teams.Count).OrderByDescending(i => quotas[i] - counts[i]).ThenBy(i => i).ToList();
        var left = others - counts.Sum();
        for (var k = 0; k < left; k++)
            counts[order[k % order.Count]]++;

        var seats = new List<DemoTeam>(others);
        for (var i = 0; i < Teams.Count; i++)
            seats.AddRange(Enumerable.Repeat(Teams[i], counts[i]));
        rng.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(seats));
        return seats;
    }
}
