using Transparency.Core.EventStore;
using Transparency.Core.Policies;

namespace Transparency.Core.Demo;

/// <summary>What becomes of a record after capture: the decisions its employee (or the privacy officer) took on it.</summary>
internal enum RecordFate
{
    Kept,
    Withheld,
    Released,
    OpenFlag,
    FlagDismissed,
    FlagUpheld,
    Deleted,
}

/// <summary>
/// A record a person must have, whatever the dice say, so the demo shows its stories: Alex's flag,
/// Tomasz's banking session. Without a surface the person's own habits pick one.
/// </summary>
internal sealed record Scenario(CaptureKind Kind, RecordFate Fate, string? Surface = null, bool Password = false, string? Note = null);

internal sealed record DemoDevice(string Id, string Agent, Screen Screen);

/// <summary>Counts a person's records captured before an instant that match some criteria (a rule's reach when it was made, an HR download's size).</summary>
internal sealed class RecordCounter(DateTime before, StandingRule? criteria = null)
{
    public int Count { get; private set; }

    public void Observe(CaptureRecord record)
    {
        if (record.CapturedAt < before && (criteria is null || DemoPlan.RuleMatches(criteria, record)))
            Count++;
    }
}

/// <summary>One employee of the demo organisation with the habits their records are drawn from.</summary>
internal sealed class DemoPerson
{
    public required Employee Employee { get; init; }
    public required DemoTeam Team { get; init; }
    public required string Browser { get; init; }
    public required IReadOnlyList<DemoDevice> Devices { get; init; }

    /// <summary>Share of records from the first device; the rest come from the second, if any.</summary>
    public double FirstDeviceShare { get; init; }
    public required IReadOnlyList<Surface> Surfaces { get; init; }
    public required double[] SurfaceCumulative { get; init; }

    /// <summary>Relative volume of capture; the records are split by it.</summary>
    public double Activity { get; set; }

    /// <summary>How often this person acts on their records (withholds, deletes, flags), relative to the average.</summary>
    public double Engagement { get; init; }
    public double MsPerKey { get; init; }
    public double PointerPace { get; init; }
    public int WorkStartUtc { get; init; }
    public int WorkHours { get; init; }
    public bool UnderLegalHold { get; set; }
    public int RecordCount { get; set; }

    public List<(StandingRule Rule, RecordCounter Reach, string? Reason)> Rules { get; } = [];
    public List<Scenario> Scenarios { get; } = [];
    public List<(AccessLogEntry Entry, RecordCounter Reach)> Accesses { get; } = [];
    public List<(LegalHold Hold, RecordCounter Reach)> Holds { get; } = [];

    public string Id => Employee.Id;
}

/// <summary>The people of the demo organisation and everything decided about them before their records are drawn.</summary>
internal sealed class DemoPlan
{
    public const string HrPartner = "E00005";
    public const string PrivacyOfficer = "E00006";

    public required DateTime PeriodStart { get; init; }
    public required DateTime PeriodEnd { get; init; }
    public required IReadOnlyList<OrgUnit> OrgUnits { get; init; }
    public required IReadOnlyList<DemoPerson> People { get; init; }

    /// <summary>The eligibility rule's own <see cref="TrainingEligibility.RuleMatches"/>, for records still in memory.</summary>
    public static readonly Func<StandingRule, CaptureRecord, bool> RuleMatches = TrainingEligibility.RuleMatches.Compile();

    public static DemoPlan Create(DemoDataOptions options, DateTime end, Random rng)
    {
        var start = end.AddDays(-options.Days);
        var people = new List<DemoPerson>(options.Employees);
        var identities = new HashSet<string>(StringComparer.Ordinal);
        var devices = new HashSet<string>(StringComparer.Ordinal);

        foreach (var user in DemoUsers.All)
        {
            identities.Add(user.SignInIdentity);
            var team = DemoOrganisation.Team(DemoOrganisation.DemoUserTeams[user.EmployeeId]);
            var person = NewPerson(new Employee { Id = user.EmployeeId, DisplayName = user.DisplayName, OrgUnitId = team.Id, SignInIdentity = user.SignInIdentity, ObjectId = user.ObjectId }, team, rng, devices);
            // The people one signs in as should have a full month to look at.
            person.Activity = Math.Max(person.Activity, 1.2 * team.Activity);
            people.Add(person);
        }

        var seats = DemoOrganisation.AssignTeams(options.Employees - DemoUsers.All.Count, rng);
        for (var i = 0; i < seats.Count; i++)
        {
            var (name, identity) = NewName(rng, identities);
            var id = $"E{people.Count + 1:00000}";
            people.Add(NewPerson(new Employee { Id = id, DisplayName = name, OrgUnitId = seats[i].Id, SignInIdentity = identity, ObjectId = DemoUsers.ObjectIdFor(id) }, seats[i], rng, devices));
        }

        AllocateRecords(people, options.Records);
        var plan = new DemoPlan { PeriodStart = start, PeriodEnd = end, OrgUnits = DemoOrganisation.OrgUnits(), People = people };
        plan.PlanDemoUserStories(rng);
        plan.PlanRules(rng);
        plan.PlanResolvedFlags(rng, options.Records);
        plan.PlanLegalHold(rng);
        plan.PlanAccessLog(rng);
        return plan;
    }

    private static DemoPerson NewPerson(Employee employee, DemoTeam team, Random rng, HashSet<string> deviceIds)
    {
        var surfaces = team.Surfaces.Select(s => (Surface: DemoSurfaces.Named(s.Surface), Weight: s.Weight * (0.5 + rng.NextDouble()))).ToList();
        var cumulative = new double[surfaces.Count];
        var sum = 0.0;
        for (var i = 0; i < surfaces.Count; i++)
            cumulative[i] = sum += surfaces[i].Weight;

        var laptop = new DemoDevice(DeviceId("LT", rng, deviceIds), Agent(rng), rng.NextDouble() switch
        {
            < 0.55 => new Screen(1920, 1080),
            < 0.75 => new Screen(1536, 864),
            < 0.9 => new Screen(2560, 1600),
            _ => new Screen(1366, 768),
        });
        IReadOnlyList<DemoDevice> devices = rng.NextDouble() < 0.25
            ? [laptop, new DemoDevice(DeviceId("WS", rng, deviceIds), Agent(rng), rng.NextDouble() < 0.6 ? new Screen(2560, 1440) : new Screen(1920, 1080))]
            : [laptop];

        return new DemoPerson
        {
            Employee = employee,
            Team = team,
            Browser = rng.NextDouble() switch { < 0.55 => "Google Chrome", < 0.9 => "Microsoft Edge", _ => "Firefox" },
            Devices = devices,
            FirstDeviceShare = devices.Count == 1 ? 1 : 0.3 + rng.NextDouble() * 0.4,
            Surfaces = surfaces.Select(s => s.Surface).ToList(),
            SurfaceCumulative = cumulative,
            // Log-normal volume, and some part-timers: capture is never spread evenly over people.
            Activity = team.Activity * Math.Exp(0.5 * Gaussian(rng)) * (rng.NextDouble() < 0.12 ? 0.55 : 1),
            Engagement = rng.NextDouble() switch { < 0.6 => 0.2, < 0.9 => 1.5, _ => 5 },
            MsPerKey = 140 + rng.NextDouble() * 180,
            PointerPace = 0.8 + rng.NextDouble() * 0.5,
            WorkStartUtc = team.WorkStartUtc + rng.Next(-1, 2),
            WorkHours = rng.Next(8, 10),
        };
    }

    private static string DeviceId(string prefix, Random rng, HashSet<string> used)
    {
        for (var attempt = 0; ; attempt++)
        {
            // Four digits while they last (a demo organisation of hundreds); six once they run short (tens of thousands).
            var id = attempt < 50 ? $"{prefix}-{rng.Next(1000, 10_000)}" : $"{prefix}-{rng.Next(100_000, 1_000_000)}";
            if (used.Add(id))
                return id;
        }
    }

    private static string Agent(Random rng) => rng.NextDouble() switch
    {
        < 0.8 => "capture-agent/2.3.1",
        < 0.95 => "capture-agent/2.2.7",
        _ => "capture-agent/2.3.0",
    };

    private static (string Name, string Identity) NewName(Random rng, HashSet<string> identities)
    {
        for (var attempt = 0; ; attempt++)
        {
            var (first, last) = DemoText.Name(rng);
            var local = $"{DemoText.Ascii(first)}.{DemoText.Ascii(last)}";
            if (attempt >= 20)
                local += attempt - 18;
            var identity = $"{local}@{DemoText.MailDomain}";
            if (identities.Add(identity))
                return ($"{first} {last}", identity);
        }
    }

    /// <summary>Splits the records over people by activity, by largest remainder so the total is exact.</summary>
    private static void AllocateRecords(List<DemoPerson> people, int records)
    {
        var total = people.Sum(p => p.Activity);
        var quotas = people.Select(p => records * p.Activity / total).ToArray();
        for (var i = 0; i < people.Count; i++)
            people[i].RecordCount = (int)Math.Floor(quotas[i]);
        var left = records - people.Sum(p => p.RecordCount);
        foreach (var i in Enumerable.Range(0, people.Count).OrderByDescending(i => quotas[i] - Math.Floor(quotas[i])).ThenBy(i => i).Take(left))
            people[i].RecordCount++;
    }

    private DemoPerson Person(string id) => People.First(p => p.Id == id);

    private void PlanDemoUserStories(Random rng)
    {
        var alex = Person("E00001");
        alex.Scenarios.AddRange(
        [
            new(CaptureKind.Keystrokes, RecordFate.Kept, "Slack"),
            new(CaptureKind.ScreenSnapshot, RecordFate.OpenFlag, "Slack", Note: "This snapshot shows a private direct message from my partner."),
            new(CaptureKind.Keystrokes, RecordFate.Kept, "Slack"),
            new(CaptureKind.Keystrokes, RecordFate.Withheld, "Visual Studio Code"),
            new(CaptureKind.Keystrokes, RecordFate.Kept, "Slack"),
        ]);
        AddRule(alex, new StandingRule { EmployeeId = alex.Id, Kind = CaptureKind.Keystrokes, Application = "Slack" },
            PeriodStart.AddDays(3).AddHours(9.5), "Slack is where I talk to friends too.", rng);

        var priya = Person("E00002");
        AddRule(priya, new StandingRule { EmployeeId = priya.Id }, PeriodStart.AddDays(1).AddHours(10.25), "I don't want my work used to train agents.", rng);
        priya.Scenarios.Add(new(CaptureKind.ScreenSnapshot, RecordFate.Deleted, "Zendesk"));

        var tomasz = Person("E00003");
        tomasz.Scenarios.AddRange(
        [
            new(CaptureKind.AppFocus, RecordFate.Kept, DemoSurfaces.BankingSite),
            new(CaptureKind.Keystrokes, RecordFate.Kept, DemoSurfaces.BankingSite, Password: true),
            new(CaptureKind.Click, RecordFate.Released, DemoSurfaces.BankingSite),
            new(CaptureKind.Keystrokes, RecordFate.Kept, DemoSurfaces.BankingSite),
            new(CaptureKind.ScreenSnapshot, RecordFate.Kept, DemoSurfaces.BankingSite),
            new(CaptureKind.Keystrokes, RecordFate.Kept, "SAP GUI", Password: true),
            new(CaptureKind.Keystrokes, RecordFate.Kept, DemoSurfaces.BankingSite, Password: true),
        ]);

        var jonas = Person("E00004");
        jonas.Scenarios.AddRange(
        [
            new(CaptureKind.AppFocus, RecordFate.Kept, DemoSurfaces.WorksCouncilSite),
            new(CaptureKind.Keystrokes, RecordFate.Kept, DemoSurfaces.WorksCouncilSite),
            new(CaptureKind.ScreenSnapshot, RecordFate.Kept, DemoSurfaces.WorksCouncilSite),
        ]);
    }

    private static void AddRule(DemoPerson person, StandingRule rule, DateTime createdAt, string? reason, Random rng)
    {
        rule.Id = DemoIds.Next(rng);
        rule.CreatedAt = DemoIds.Milliseconds(createdAt);
        person.Rules.Add((rule, new RecordCounter(rule.CreatedAt, rule), reason));
    }

    /// <summary>Standing rules and global opt-outs for a share of everyone else, chosen from what they actually use.</summary>
    private void PlanRules(Random rng)
    {
        string?[] optOutReasons = ["I don't consent to training on my work.", "Opting out until the works agreement is signed.", null];
        foreach (var person in People.Skip(DemoUsers.All.Count))
        {
            var roll = rng.NextDouble();
            DateTime CreatedAt() => PeriodStart.AddHours(rng.NextDouble() * (PeriodEnd - PeriodStart).TotalHours * 0.85);
            if (roll < 0.035)
            {
                AddRule(person, new StandingRule { EmployeeId = person.Id }, CreatedAt(), DemoText.Pick(rng, optOutReasons), rng);
                continue;
            }
            if (roll >= 0.035 + 0.13)
                continue;

            var chats = person.Surfaces.Where(s => s.Style == SurfaceStyle.Chat && !s.InBrowser).ToList();
            var chat = chats.Count > 0 ? DemoText.Pick(rng, chats) : DemoSurfaces.Named("Microsoft Teams");
            var sites = person.Surfaces.Where(s => s.Site is not null && s.Sensitivity == SensitivityTags.None).ToList();
            var site = sites.Count > 0 ? DemoText.Pick(rng, sites) : null;
            var dayBefore = PeriodStart.Date.AddDays(rng.Next(4, 12));
            var options = new List<(StandingRule Rule, string? Reason)>
            {
                (new StandingRule { EmployeeId = person.Id, Kind = CaptureKind.Keystrokes }, "What I type is mine."),
                (new StandingRule { EmployeeId = person.Id, Kind = CaptureKind.ScreenSnapshot }, "Snapshots show other people's messages."),
                (new StandingRule { EmployeeId = person.Id, Application = chat.Application }, null),
                (new StandingRule { EmployeeId = person.Id, Kind = CaptureKind.Keystrokes, Application = chat.Application }, "Chats are personal."),
                (new StandingRule { EmployeeId = person.Id, CapturedBefore = dayBefore }, "Nothing from before I was told about the capture."),
            };
            if (site?.Site is { } siteName)
                options.Add((new StandingRule { EmployeeId = person.Id, Site = siteName }, null));
            rng.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(options));
            foreach (var (rule, reason) in options.Take(rng.NextDouble() < 0.7 ? 1 : 2))
                AddRule(person, rule, CreatedAt(), reason, rng);
        }
    }

    /// <summary>Flags the privacy officer already decided: some dismissed, some upheld (and redacted).</summary>
    private void PlanResolvedFlags(Random rng, int records)
    {
        var each = Math.Clamp(records / 50_000, 2, 40);
        var candidates = People.Skip(DemoUsers.All.Count).Where(p => p.RecordCount >= 20).ToList();
        if (candidates.Count == 0)
            return;
        for (var i = 0; i < each; i++)
        {
            DemoText.Pick(rng, candidates).Scenarios.Add(new(CaptureKind.ScreenSnapshot, RecordFate.FlagUpheld,
                Note: "The snapshot shows a colleague's private message in a notification."));
            DemoText.Pick(rng, candidates).Scenarios.Add(new(i % 2 == 0 ? CaptureKind.Keystrokes : CaptureKind.ScreenSnapshot, RecordFate.FlagDismissed,
                Note: "I don't think this should have been captured."));
        }
    }

    private void PlanLegalHold(Random rng)
    {
        var held = People.Skip(DemoUsers.All.Count).FirstOrDefault(p => p.Team.Id == "OU-SALES-EMEA" && p.Rules.Count == 0)
                   ?? People[^1];
        held.UnderLegalHold = true;
        var placedAt = DemoIds.Milliseconds(PeriodStart.AddDays((PeriodEnd - PeriodStart).TotalDays * 0.4).AddHours(2.75));
        var hold = new LegalHold
        {
            EmployeeId = held.Id,
            Id = DemoIds.Next(rng),
            Reason = "Your records are preserved for a pending employment tribunal claim (case 2026-ET-0412). " +
                     "Deleting them is paused until the case closes; your training choices still apply.",
            PlacedBy = PrivacyOfficer,
            Reference = "Employment tribunal 2026-ET-0412",
            PlacedAt = placedAt,
        };
        held.Holds.Add((hold, new RecordCounter(placedAt)));
    }

    /// <summary>HR has downloaded a few disclosures; each download is what the employee later sees in their access log.</summary>
    private void PlanAccessLog(Random rng)
    {
        var requested = new List<(DemoPerson Person, string Why)>
        {
            (Person("E00001"), "Art. 15 access request from the employee"),
            (Person("E00003"), "Employee asked for a copy of their data before a performance review"),
        };
        var others = People.Skip(DemoUsers.All.Count).ToList();
        string[] reasons = ["Art. 15 access request from the employee", "Preparing a works council consultation on capture", "Employee's request after leaving the team"];
        for (var i = 0; i < 3 && others.Count > 0; i++)
            requested.Add((DemoText.Pick(rng, others), DemoText.Pick(rng, reasons)));

        foreach (var (person, why) in requested)
        {
            var at = DemoIds.Milliseconds(PeriodStart.AddHours((PeriodEnd - PeriodStart).TotalHours * (0.5 + rng.NextDouble() * 0.45)));
            var entry = new AccessLogEntry
            {
                EmployeeId = person.Id,
                Id = DemoIds.Next(rng),
                At = at,
                ActorId = HrPartner,
                ActorRole = ActorRole.HR,
                Channel = AccessChannel.HrDisclosureDownload,
                Why = why,
            };
            person.Accesses.Add((entry, new RecordCounter(at)));
        }
    }

    private static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}

/// <summary>Record and row ids drawn from the generator's seeded random, so the same seed gives the same ids.</summary>
internal static class DemoIds
{
    public static Guid Next(Random rng)
    {
        Span<byte> bytes = stackalloc byte[16];
        rng.NextBytes(bytes);
        // Mark as a version-4 (random) UUID, as Guid.NewGuid would.
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    /// <summary>Whole milliseconds: PostgreSQL keeps microseconds and SQLite text keeps ticks, so both read back the same value.</summary>
    public static DateTime Milliseconds(DateTime at) => new(at.Ticks - at.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
}
