using Transparency.Core.EventStore;

namespace Transparency.Core.Demo;

/// <summary>The applications and sites of the demo organisation, each with its look, its controls and its typing.</summary>
internal static class DemoSurfaces
{
    public const string BankingSite = "online.bank.example";
    public const string HealthSite = "patient-portal.example";
    public const string WorksCouncilSite = "works-council.intranet.example";

    private static readonly string[] MailPhrases =
    [
        "Hi {colleague},\nthanks for the update. I'll review the draft by {day} and get back to you.",
        "Could you send me the latest numbers before the call on {day}?",
        "Sounds good, let's move the meeting to {time}.",
        "Hi all,\nplease find attached the minutes from today. Action items are highlighted.",
        "Thanks {colleague}, that works for me.",
        "Dear {colleagueFull},\nfollowing up on our conversation about {company}: could we schedule a short call?",
        "I'm out of office on {day}; {colleague} will cover for me.",
        "Apologies for the delay – the invoice should reach you this week.",
    ];

    private static readonly string[] ChatPhrases =
    [
        "on it", "can you take a look at PR #{n} when you have a minute?", "lgtm, merging", "brb, lunch",
        "who's on call this week?", "deploy is green", "standup in 5", "thanks!! that fixed it",
        "I think the cache is stale again", "can we push the sync to {time}?", "sure, give me 10 min",
        "{colleague} do you have the link to the dashboard?", "morning all", "ok will do",
    ];

    private static readonly string[] CSharpPhrases =
    [
        "public async Task<Order?> FindOrderAsync(Guid id, CancellationToken ct)",
        "if (items.Count == 0) return Results.NoContent();",
        "var total = lines.Sum(l => l.Quantity * l.UnitPrice);",
        "await db.SaveChangesAsync(ct);",
        "catch (HttpRequestException e) when (attempt < 3)",
        "services.AddSingleton(TimeProvider.System);",
        "// TODO: handle partial refunds",
        "Assert.Equal(3, result.Count);",
        "return invoices.Where(i => i.DueDate < today).ToList();",
    ];

    private static readonly string[] CodePhrases =
    [
        .. CSharpPhrases,
        "const [open, setOpen] = useState(false);",
        "export async function fetchCart(userId: string) {",
        "def parse_invoice(row):\n    return Invoice(**row)",
        "SELECT customer_id, SUM(amount) FROM invoices GROUP BY customer_id;",
        "image: postgres:17",
        "resource \"azurerm_storage_account\" \"logs\" {",
    ];

    private static readonly string[] TerminalPhrases =
    [
        "git status", "git pull --rebase", "git commit -m \"Retry payment webhook on timeout\"", "dotnet test",
        "kubectl get pods -n payments", "docker compose up -d", "npm run build", "ls -la", "cd ../{repo}",
        "git checkout -b fix/{ticket}", "terraform plan", "grep -rn \"TODO\" src/",
    ];

    private static readonly string[] SpreadsheetPhrases =
    [
        "=SUM(B2:B31)", "=XLOOKUP(A2,Rates!A:A,Rates!B:B)", "{amount}", "Q4 forecast", "=IF(C5>0,C5/B5,\"\")",
        "Cost centre 4100", "=ROUND(D12*1.19,2)", "Accrual {month}", "=SUMIFS(E:E,A:A,\"Travel\")",
    ];

    private static readonly string[] DocumentPhrases =
    [
        "The parties agree that personal data shall be processed only on documented instructions.",
        "Agenda: 1. Headcount plan 2. Onboarding feedback 3. Any other business",
        "We are pleased to offer you the position of Senior Engineer starting on 1 {month}.",
        "Section 4.2 is replaced by the following text:",
        "Action: {colleague} to circulate the revised draft by {day}.",
        "The supplier shall notify the customer without undue delay after becoming aware of a breach.",
    ];

    private static readonly string[] SlidesPhrases =
    [
        "Why now", "Revenue grew 14% year over year", "Next steps", "Our approach", "Timeline and milestones", "Questions?",
    ];

    private static readonly string[] JiraPhrases =
    [
        "Steps to reproduce:\n1. Open the invoice list\n2. Filter by overdue", "Fixed in {repo}#{n}", "Can't reproduce on staging, closing",
        "Blocked by {ticket}", "{issue}", "Moving to next sprint",
    ];

    private static readonly string[] WikiPhrases =
    [
        "## Rollback\nRun the pipeline with the previous tag.", "Owner: Platform team", "See also: {page}", "Last reviewed in {month}",
    ];

    private static readonly string[] ReviewPhrases =
    [
        "nit: could this be a const?", "Looks good, one question about the retry count.", "Approved", "Can we add a test for the empty case?",
        "This will run on every request – maybe cache it?",
    ];

    private static readonly string[] TicketPhrases =
    [
        "Hi {colleague},\nsorry for the trouble – I've reset your access, please try again and let me know.",
        "Could you share a screenshot of the error message?",
        "I've refunded the duplicate charge; it should show within 5 working days.",
        "Thanks for your patience. I've escalated this to our engineering team ({ticket}).",
        "Closing this ticket as solved – reply any time if the issue comes back.",
    ];

    private static readonly string[] CrmPhrases =
    [
        "Call with procurement, follow-up on pricing next week", "Renewal at risk – champion left {company}",
        "Sent revised quote: {amount} EUR", "Demo booked for {day} {time}", "Decision maker: {colleagueFull}, CFO",
    ];

    private static readonly string[] HrPhrases =
    [
        "Approved – enjoy your time off!", "Candidate moves to final interview", "Probation review scheduled for {day}",
        "Updated cost centre to 4100", "Reference check completed",
    ];

    private static readonly string[] SapPhrases = ["FB60", "F-28", "4100", "{amount}", "Vendor 200{n}", "MIRO", "Posting period {month}"];
    private static readonly string[] SearchPhrases = ["{query}"];
    private static readonly string[] IntranetPhrases = ["canteen menu", "parking permit", "travel policy", "IT helpdesk phone number"];
    private static readonly string[] LinkedInPhrases = ["Thanks for connecting!", "Hi {colleague}, would you be open to a quick chat about a role in our team?", "Congrats on the new job!"];
    private static readonly string[] GrafanaPhrases = ["rate(http_requests_total{status=\"500\"}[5m])", "histogram_quantile(0.99, sum by (le) (rate(request_seconds_bucket[5m])))"];
    private static readonly string[] PowerBiPhrases = ["Revenue YTD = TOTALYTD(SUM(Sales[Amount]), 'Date'[Date])", "Region", "Margin %"];
    private static readonly string[] PrivacyPhrases = ["Request verified, due date {day}", "Art. 15 request – collect data from HR systems", "DPIA for capture agent 2.3"];

    private static readonly string[] BankingPhrases = ["Rent {month}", "Invoice {n} dentist", "{iban}", "{amount}", "Savings", "Transfer to {colleagueFull}"];
    private static readonly string[] HealthPhrases =
    [
        "Could I move my appointment to next {day} afternoon?", "Repeat prescription request", "Thank you, doctor", "Results from last week's blood test",
    ];
    private static readonly string[] WorksCouncilPhrases =
    [
        "Question about the new overtime rules in our team", "Is the keystroke capture covered by the works agreement?",
        "I'd like to book the consultation hour on {day}", "Anonymous question: how are the training exports audited?",
    ];

    private static UiTarget B(string name) => new("button", name);
    private static UiTarget M(string name) => new("menuitem", name);
    private static UiTarget C(string name) => new("combobox", name);
    private static UiTarget T(string name) => new("tab", name);
    private static UiTarget L(string name) => new("link", name);
    private static UiTarget X(string name) => new("textbox", name);
    private static UiTarget K(string name) => new("checkbox", name);
    private static UiTarget I(string name) => new("treeitem", name);

    public static readonly IReadOnlyList<Surface> All =
    [
        new() { Name = "Outlook", Application = "Outlook", Style = SurfaceStyle.Mail, Accent = Rgb.Hex(0x0F6CBD), PasswordShare = 0.005,
            Titles = ["Inbox - {me} - Outlook", "RE: {subject} - Message (HTML)", "Calendar - {me} - Outlook", "{subject} - Message (HTML)"],
            Targets = [B("New mail"), B("Send"), B("Reply all"), B("Forward"), I("Inbox"), I("Sent Items"), M("Mark as read"), M("Move to folder"), T("Home"), T("View"), C("From"), B("Attach file"), L("Join Teams meeting")],
            Phrases = MailPhrases },
        new() { Name = "Microsoft Teams", Application = "Microsoft Teams", Style = SurfaceStyle.Chat, Accent = Rgb.Hex(0x5B5FC7),
            Titles = ["Chat | {colleague} | Microsoft Teams", "General ({channel}) | Microsoft Teams", "Meeting with {colleague} | Microsoft Teams"],
            Targets = [T("Chat"), T("Calendar"), T("Activity"), B("Join"), B("Leave"), B("Mute"), B("Share"), X("Type a message"), M("Reply in thread"), B("New chat")],
            Phrases = ChatPhrases },
        new() { Name = "Slack", Application = "Slack", Style = SurfaceStyle.Chat, Accent = Rgb.Hex(0x4A154B),
            Titles = ["#{channel} - " + DemoText.Organisation + " - Slack", "{colleague} (DM) - " + DemoText.Organisation + " - Slack", "Threads - " + DemoText.Organisation + " - Slack"],
            Targets = [L("#platform-team"), L("#incidents"), L("#deploys"), B("Reply in thread"), B("Add reaction"), X("Message #platform-team"), M("Copy link"), M("Mark unread"), B("Huddle")],
            Phrases = ChatPhrases },
        new() { Name = "Visual Studio Code", Application = "Visual Studio Code", Style = SurfaceStyle.Ide, Accent = Rgb.Hex(0x007ACC),
            Titles = ["{file} - {repo} - Visual Studio Code", "Search - {repo} - Visual Studio Code", "Source Control - {repo} - Visual Studio Code"],
            Targets = [T("Explorer"), T("Source Control"), T("Extensions"), M("Go to Definition"), M("Rename Symbol"), M("Format Document"), B("Commit"), B("Run and Debug"), T("TERMINAL"), I("src")],
            Phrases = CodePhrases },
        new() { Name = "Rider", Application = "JetBrains Rider", Style = SurfaceStyle.Ide, Accent = Rgb.Hex(0xC21456),
            Titles = ["{repo} – {file}", "{repo} – Unit Tests", "{repo} – Commit"],
            Targets = [M("Run 'All Tests'"), M("Refactor This…"), M("Find Usages"), B("Build Solution"), T("Unit Tests"), T("Git"), C("Run configuration"), I("Controllers"), B("Commit and Push…")],
            Phrases = CSharpPhrases },
        new() { Name = "Windows Terminal", Application = "Windows Terminal", Style = SurfaceStyle.Terminal, Accent = Rgb.Hex(0x2D2D30),
            Titles = ["pwsh in {repo}", "Ubuntu - {repo}", "kubectl - payments"],
            Targets = [T("PowerShell"), T("Ubuntu"), B("New tab"), M("Split pane"), M("Copy")],
            Phrases = TerminalPhrases },
        new() { Name = "Excel", Application = "Excel", Style = SurfaceStyle.Spreadsheet, Accent = Rgb.Hex(0x217346),
            Titles = ["{workbook}.xlsx - Excel", "{workbook}.xlsx - Read-Only - Excel"],
            Targets = [T("Home"), T("Formulas"), T("Data"), B("Sort A to Z"), B("Filter"), C("Font size"), M("Insert row"), B("AutoSum"), T("Sheet2"), M("Paste values")],
            Phrases = SpreadsheetPhrases },
        new() { Name = "Word", Application = "Word", Style = SurfaceStyle.Document, Accent = Rgb.Hex(0x2B579A),
            Titles = ["{document}.docx - Word", "{document}.docx - Compatibility Mode - Word"],
            Targets = [T("Review"), B("Track Changes"), B("New Comment"), C("Styles"), B("Bold"), M("Accept All Changes"), T("Insert"), B("Share")],
            Phrases = DocumentPhrases },
        new() { Name = "PowerPoint", Application = "PowerPoint", Style = SurfaceStyle.Slides, Accent = Rgb.Hex(0xB7472A),
            Titles = ["{deck}.pptx - PowerPoint"],
            Targets = [B("New Slide"), T("Design"), B("Slide Show"), C("Layout"), M("Duplicate Slide"), B("Present")],
            Phrases = SlidesPhrases },
        new() { Name = "SAP GUI", Application = "SAP Logon", Style = SurfaceStyle.WebApp, Accent = Rgb.Hex(0x354A5F), PasswordShare = 0.04,
            Titles = ["SAP Easy Access", "Enter Vendor Invoice: Company Code 1000", "Post Incoming Payments: Header Data", "Display Document: Data Entry View"],
            Targets = [X("Transaction code"), B("Post"), B("Simulate"), C("Company code"), B("Save"), M("Document > Display"), T("Basic data"), T("Payment")],
            Phrases = SapPhrases },
        new() { Name = "Power BI", Application = "Power BI Desktop", Style = SurfaceStyle.WebApp, Accent = Rgb.Hex(0xF2C811),
            Titles = ["Revenue by region - Power BI Desktop", "Cost centres - Power BI Desktop"],
            Targets = [B("Refresh"), C("Region"), T("Report"), T("Data"), B("Publish"), M("New measure")],
            Phrases = PowerBiPhrases },
        new() { Name = "Adobe Acrobat", Application = "Adobe Acrobat", Style = SurfaceStyle.Document, Accent = Rgb.Hex(0xB30B00),
            Titles = ["{document}.pdf - Adobe Acrobat Pro"],
            Targets = [B("Fill & Sign"), B("Comment"), M("Export PDF"), B("Request e-signatures"), T("Tools")],
            Phrases = DocumentPhrases },
        new() { Name = "Jira", Site = "demo.atlassian.net", Style = SurfaceStyle.WebApp, Accent = Rgb.Hex(0x0052CC), PasswordShare = 0.01,
            Titles = ["[{ticket}] {issue} - Jira", "Board - Platform sprint 47 - Jira", "Backlog - Jira"],
            Targets = [C("Priority"), C("Assignee"), C("Status"), B("Create"), T("Comments"), T("History"), L("{ticket}"), B("Start sprint"), C("Sprint"), X("Add a comment…")],
            Phrases = JiraPhrases },
        new() { Name = "Confluence", Site = "demo.atlassian.net", Style = SurfaceStyle.WebApp, Accent = Rgb.Hex(0x1868DB),
            Titles = ["{page} - Engineering - Confluence", "{page} - Customer Support - Confluence"],
            Targets = [B("Edit"), B("Publish"), L("Page history"), I("{page}"), B("Share"), M("Copy link")],
            Phrases = WikiPhrases },
        new() { Name = "GitHub", Site = "github.com", Style = SurfaceStyle.WebApp, Accent = Rgb.Hex(0x24292F), PasswordShare = 0.01,
            Titles = ["{issue} by {colleague} · Pull Request #{n} · demo-org/{repo}", "Actions · demo-org/{repo}", "demo-org/{repo}: Internal service"],
            Targets = [T("Files changed"), T("Conversation"), B("Approve"), B("Merge pull request"), B("Re-run jobs"), C("Reviewers"), L("View file"), B("Add review comment")],
            Phrases = ReviewPhrases },
        new() { Name = "Stack Overflow", Site = "stackoverflow.com", Style = SurfaceStyle.Search, Accent = Rgb.Hex(0xF48024),
            Titles = ["c# - How to retry an HttpClient request? - Stack Overflow", "postgresql - Why is my index not used? - Stack Overflow"],
            Targets = [L("Share"), B("Upvote"), L("Show 3 more comments"), X("Search…")],
            Phrases = SearchPhrases },
        new() { Name = "Grafana", Site = "grafana.demo.example", Style = SurfaceStyle.WebApp, Accent = Rgb.Hex(0xF46800),
            Titles = ["Service overview - Dashboards - Grafana", "Explore - Grafana", "Alert rules - Grafana"],
            Targets = [C("Time range"), B("Refresh dashboard"), C("Data source"), B("Run query"), L("payments-api"), T("Logs")],
            Phrases = GrafanaPhrases },
        new() { Name = "Zendesk", Site = "demo.zendesk.com", Style = SurfaceStyle.WebApp, Accent = Rgb.Hex(0x03363D), PasswordShare = 0.01,
            Titles = ["Ticket #{nn}: {supportSubject} – Agent Workspace", "Views – Agent Workspace"],
            Targets = [C("Status"), C("Priority"), C("Assignee"), B("Submit as Solved"), B("Submit as Pending"), T("Public reply"), T("Internal note"), L("Macros"), C("Group")],
            Phrases = TicketPhrases },
        new() { Name = "Salesforce", Site = "demo.lightning.force.com", Style = SurfaceStyle.WebApp, Accent = Rgb.Hex(0x00A1E0), PasswordShare = 0.01,
            Titles = ["{company} | Opportunity | Salesforce", "{company} | Account | Salesforce", "Pipeline | Reports | Salesforce"],
            Targets = [C("Stage"), B("Log a Call"), B("New Task"), T("Activity"), T("Details"), L("{company}"), C("Close date"), B("Save")],
            Phrases = CrmPhrases },
        new() { Name = "LinkedIn", Site = "www.linkedin.com", Style = SurfaceStyle.WebApp, Accent = Rgb.Hex(0x0A66C2),
            Titles = ["Messaging | LinkedIn", "{colleagueFull} | LinkedIn", "Feed | LinkedIn"],
            Targets = [B("Connect"), B("Message"), L("See all"), X("Write a message…"), T("Posts")],
            Phrases = LinkedInPhrases },
        new() { Name = "Workday", Site = "wd3.myworkday.com", Style = SurfaceStyle.WebApp, Accent = Rgb.Hex(0xF38B00), PasswordShare = 0.02,
            Titles = ["Time Off - Workday", "Job Requisition: Senior Engineer - Workday", "My Team - Workday"],
            Targets = [B("Approve"), B("Send Back"), C("Time Off Type"), L("Inbox"), B("Request Absence"), C("Supervisory organisation")],
            Phrases = HrPhrases },
        new() { Name = "OneTrust", Site = "demo.my.onetrust.com", Style = SurfaceStyle.WebApp, Accent = Rgb.Hex(0x6CC04A), PasswordShare = 0.02,
            Titles = ["Data Subject Requests | OneTrust", "Assessments | OneTrust"],
            Targets = [C("Request type"), B("Verify"), B("Extend deadline"), T("Subtasks"), B("Complete")],
            Phrases = PrivacyPhrases },
        new() { Name = "Intranet", Site = "intranet.demo.example", Style = SurfaceStyle.WebApp, Accent = Rgb.Hex(0x3B6E8F),
            Titles = ["News - " + DemoText.Organisation + " Intranet", "IT Helpdesk - " + DemoText.Organisation + " Intranet"],
            Targets = [L("News"), L("Canteen"), X("Search the intranet"), L("Travel policy"), B("Open ticket")],
            Phrases = IntranetPhrases },
        new() { Name = "Google Search", Site = "www.google.com", Style = SurfaceStyle.Search, Accent = Rgb.Hex(0x4285F4),
            Titles = ["{query} - Google Search"],
            Targets = [X("Search"), L("Images"), L("Next"), B("Google Search")],
            Phrases = SearchPhrases },
        new() { Name = BankingSite, Site = BankingSite, Style = SurfaceStyle.WebApp, Accent = Rgb.Hex(0x00594F), Sensitivity = SensitivityTags.Banking, PasswordShare = 0.3,
            Titles = ["Online Banking – Account overview", "Online Banking – New transfer", "Online Banking – Sign in"],
            Targets = [B("New transfer"), B("Sign in"), C("From account"), L("Statements"), B("Confirm with app"), X("IBAN")],
            Phrases = BankingPhrases },
        new() { Name = HealthSite, Site = HealthSite, Style = SurfaceStyle.WebApp, Accent = Rgb.Hex(0x2E8B57), Sensitivity = SensitivityTags.Health, PasswordShare = 0.25,
            Titles = ["Patient Portal – Appointments", "Patient Portal – Messages", "Patient Portal – Sign in"],
            Targets = [B("Book appointment"), T("Messages"), C("Practitioner"), B("Send message"), L("Test results")],
            Phrases = HealthPhrases },
        new() { Name = WorksCouncilSite, Site = WorksCouncilSite, Style = SurfaceStyle.WebApp, Accent = Rgb.Hex(0xA4262C), Sensitivity = SensitivityTags.WorksCouncil, PasswordShare = 0.05,
            Titles = ["Works Council – Consultation hours", "Works Council – Agreements", "Works Council – Ask a question"],
            Targets = [B("Book consultation"), L("Works agreement on IT systems"), B("Send anonymously"), X("Your question"), T("Minutes")],
            Phrases = WorksCouncilPhrases },
    ];

    public static Surface Named(string name) =>
        All.FirstOrDefault(s => s.Name == name) ?? throw new ArgumentException($"No demo surface is named '{name}'.", nameof(name));

    /// <summary>The sensitive sites anyone may visit now and then, with how often relative to each other.</summary>
    public static readonly IReadOnlyList<(Surface Surface, double Weight)> Sensitive =
        [(Named(BankingSite), 0.45), (Named(HealthSite), 0.3), (Named(WorksCouncilSite), 0.25)];
}
