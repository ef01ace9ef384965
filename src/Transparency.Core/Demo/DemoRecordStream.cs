using Transparency.Core.EventStore;

namespace Transparency.Core.Demo;

/// <summary>
/// Draws each person's capture records in time order and writes them with their content, flags
/// and decisions as it goes, so nothing but one person's hourly counts is ever held in memory.
/// A record's state columns and its decision rows are written from the same fate, so they agree.
/// </summary>
internal sealed class DemoRecordStream(DemoPlan plan, Random rng, BulkWriter writer, int seed)
{
    private const double SwitchShare = 0.12;

    private static readonly string?[] WithholdReasons = ["Private conversation", "Not representative of how I work", "Contains a colleague's details", null, null];
    private static readonly string?[] ReleaseReasons = ["Fine to use this one", null];
    private static readonly string?[] DeleteReasons = ["Personal browsing", "Captured by mistake during a screen share", null];

    private static readonly (FlagCategory Category, string Note)[] FlagNotes =
    [
        (FlagCategory.PrivateContent, "Shows a private message."),
        (FlagCategory.WrongPerson, "A colleague was using my laptop while we paired."),
        (FlagCategory.Sensitive, "Health information is visible."),
        (FlagCategory.Other, "Captured during a confidential meeting."),
    ];

    private const string DismissedResolution = "Dismissed: the record shows only work content covered by the capture notice.";
    private const string UpheldResolution = "Upheld: the content showed another person's private message, so it was redacted.";

    private readonly CaptureContentFactory _content = new();
    private readonly Dictionary<Surface, byte[][]> _snapshots = [];
    private long[] _times = new long[256];
    private readonly CaptureRecord _probe = new() { EmployeeId = "", DeviceId = "", Application = "", SourceAgent = "" };
    private Surface? _current;

    public int Written { get; private set; }

    public async Task WriteAsync(CancellationToken ct)
    {
        foreach (var person in plan.People)
            await WritePersonAsync(person, ct);
    }

    private async Task WritePersonAsync(DemoPerson person, CancellationToken ct)
    {
        _current = null;
        var n = person.RecordCount;
        if (n == 0)
            return;

        var firstDay = plan.PeriodStart.Date;
        var slots = (int)Math.Ceiling((plan.PeriodEnd - firstDay).TotalHours);
        var days = slots / 24 + 1;
        var dayFactor = new double[days];
        var dayDevice = new DemoDevice[days];
        for (var d = 0; d < days; d++)
        {
            var weekend = firstDay.AddDays(d).DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            dayFactor[d] = weekend
                ? rng.NextDouble() < 0.15 ? 0.25 : 0.02
                : rng.NextDouble() < 0.04 ? 0.01 : 0.7 + rng.NextDouble() * 0.6; // the odd day off
            dayDevice[d] = person.Devices.Count == 1 || rng.NextDouble() < person.FirstDeviceShare ? person.Devices[0] : person.Devices[1];
        }

        var cumulative = new double[slots];
        var total = 0.0;
        for (var s = 0; s < slots; s++)
        {
            var (from, to) = Slot(firstDay, s);
            var share = Math.Max(0, (to - from).TotalHours);
            cumulative[s] = total += share * dayFactor[s / 24] * HourFactor(person, firstDay.AddHours(s).Hour);
        }
        var counts = new int[slots];
        for (var i = 0; i < n; i++)
            counts[UpperBound(cumulative, rng.NextDouble() * total)]++;

        var index = 0;
        var scenario = 0;
        for (var s = 0; s < slots; s++)
        {
            var c = counts[s];
            if (c == 0)
                continue;
            var (from, to) = Slot(firstDay, s);
            var spanMs = (long)(to - from).TotalMilliseconds;
            if (_times.Length < c)
                _times = new long[Math.Max(c, _times.Length * 2)];
            for (var k = 0; k < c; k++)
                _times[k] = rng.NextInt64(0, spanMs);
            Array.Sort(_times, 0, c);
            for (var k = 0; k < c; k++, index++)
            {
                // Scenarios are spread evenly over the person's records.
                Scenario? forced = null;
                if (scenario < person.Scenarios.Count && index >= (long)(scenario + 1) * n / (person.Scenarios.Count + 1))
                    forced = person.Scenarios[scenario++];
                await WriteRecordAsync(person, from.AddMilliseconds(_times[k]), dayDevice[s / 24], forced, ct);
            }
        }
    }

    private (DateTime From, DateTime To) Slot(DateTime firstDay, int s)
    {
        var from = firstDay.AddHours(s);
        var to = from.AddHours(1);
        return (from < plan.PeriodStart ? plan.PeriodStart : from, to > plan.PeriodEnd ? plan.PeriodEnd : to);
    }

    /// <summary>Working hours carry the weight; a dip at lunch, a little in the evening, almost nothing at night.</summary>
    private static double HourFactor(DemoPerson person, int hourUtc)
    {
        var hour = (hourUtc - person.WorkStartUtc + 24) % 24;
        if (hour < person.WorkHours)
            return hour == 4 ? 0.45 : 1;
        if (hour == person.WorkHours || hour == 23)
            return 0.25;
        return hour < person.WorkHours + 4 ? 0.06 : 0.004;
    }

    private static int UpperBound(double[] cumulative, double value)
    {
        int lo = 0, hi = cumulative.Length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (cumulative[mid] > value)
                hi = mid;
            else
                lo = mid + 1;
        }
        return lo;
    }

    private async ValueTask WriteRecordAsync(DemoPerson person, DateTime capturedAt, DemoDevice device, Scenario? scenario, CancellationToken ct)
    {
        Surface surface;
        CaptureKind kind;
        if (scenario is not null)
        {
            surface = scenario.Surface is { } name ? DemoSurfaces.Named(name) : _current ?? PickSurface(person);
            kind = scenario.Kind;
        }
        else
        {
            var switched = _current is null || rng.NextDouble() < SwitchShare;
            surface = switched ? PickSurface(person) : _current!;
            kind = switched && rng.NextDouble() < 0.45 ? CaptureKind.AppFocus : PickKind(surface.Style);
        }
        _current = surface;

        var application = surface.Application ?? person.Browser;
        var password = kind == CaptureKind.Keystrokes && (scenario?.Password ?? rng.NextDouble() < surface.PasswordShare);
        var sensitivity = surface.Sensitivity | (password ? SensitivityTags.PasswordField : SensitivityTags.None);

        byte[]? snapshot = null;
        var text = kind switch
        {
            CaptureKind.PointerTrajectory => _content.PointerTrajectory(rng, device.Screen, surface, person.PointerPace),
            CaptureKind.Click => _content.Click(rng, device.Screen, surface, Target(surface, person)),
            CaptureKind.Keystrokes when password => _content.PasswordKeystrokes(rng, surface, person.MsPerKey),
            CaptureKind.Keystrokes => _content.Keystrokes(rng, surface, Fill(DemoText.Pick(rng, surface.Phrases), person), person.MsPerKey),
            CaptureKind.ScreenSnapshot => CaptureContentFactory.ScreenSnapshot(surface),
            _ => _content.AppFocus(rng, surface, WindowTitle(surface, person)),
        };
        if (kind == CaptureKind.ScreenSnapshot)
        {
            var variants = Snapshots(surface);
            snapshot = variants[rng.Next(variants.Length)];
        }

        var purposes = Purposes.OperationalTelemetry;
        if (rng.NextDouble() < ProductShare(kind))
            purposes |= Purposes.Product;
        if (rng.NextDouble() < TrainingShare(kind))
            purposes |= Purposes.ModelTraining;

        var probe = Probe(person, kind, application, surface.Site, capturedAt);
        var fate = scenario?.Fate ?? RollFate(person, probe, sensitivity, purposes);
        if (fate is RecordFate.Withheld or RecordFate.Released)
            purposes |= Purposes.ModelTraining; // one withholds from training only what feeds it

        var id = DemoIds.Next(rng);
        var delay = rng.NextDouble() < 0.01 ? rng.Next(3_600_000, 36_000_000) : rng.Next(2_000, 90_000); // an offline laptop catches up later
        var receivedAt = capturedAt.AddMilliseconds(delay);
        if (receivedAt > plan.PeriodEnd)
            receivedAt = plan.PeriodEnd;

        var choice = TrainingChoice.None;
        var openFlag = false;
        DateTime? deletedAt = null, redactedAt = null;
        FlagRow? flag = null;
        DecisionRow? decision = null, resolution = null;
        switch (fate)
        {
            case RecordFate.Withheld:
                choice = TrainingChoice.Withheld;
                decision = Decision(person.Id, DecisionKind.Withhold, id, DemoText.Pick(rng, WithholdReasons), person.Id, ActorRole.Employee, After(capturedAt, 4));
                break;
            case RecordFate.Released:
                choice = TrainingChoice.Released;
                decision = Decision(person.Id, DecisionKind.Release, id, DemoText.Pick(rng, ReleaseReasons), person.Id, ActorRole.Employee, After(capturedAt, 4));
                break;
            case RecordFate.Deleted:
                deletedAt = After(capturedAt, 4);
                decision = Decision(person.Id, DecisionKind.Delete, id, DemoText.Pick(rng, DeleteReasons), person.Id, ActorRole.Employee, deletedAt.Value);
                break;
            case RecordFate.OpenFlag or RecordFate.FlagDismissed or RecordFate.FlagUpheld:
            {
                var (category, note) = scenario?.Note is { } given
                    ? (fate == RecordFate.FlagDismissed ? FlagCategory.Other : FlagCategory.PrivateContent, given)
                    : DemoText.Pick(rng, FlagNotes);
                var raisedAt = After(capturedAt, 3);
                decision = Decision(person.Id, DecisionKind.Flag, id, note, person.Id, ActorRole.Employee, raisedAt);
                if (fate == RecordFate.OpenFlag)
                {
                    openFlag = true;
                    flag = Flag(person.Id, decision.Value.Id, id, category, note, raisedAt, FlagReviewState.Open, null, null);
                    break;
                }
                var resolvedAt = After(raisedAt, 6);
                if (fate == RecordFate.FlagUpheld)
                {
                    redactedAt = resolvedAt;
                    flag = Flag(person.Id, decision.Value.Id, id, category, note, raisedAt, FlagReviewState.Upheld, resolvedAt, UpheldResolution);
                    resolution = Decision(person.Id, DecisionKind.Redact, id, UpheldResolution, DemoPlan.PrivacyOfficer, ActorRole.PrivacyOfficer, resolvedAt);
                }
                else
                {
                    flag = Flag(person.Id, decision.Value.Id, id, category, note, raisedAt, FlagReviewState.Dismissed, resolvedAt, DismissedResolution);
                    resolution = Decision(person.Id, DecisionKind.Unflag, id, DismissedResolution, DemoPlan.PrivacyOfficer, ActorRole.PrivacyOfficer, resolvedAt);
                }
                break;
            }
        }

        // Deleted: the row is the tombstone (who, what kind, when, when and why deleted), as DecisionService leaves it.
        // Redacted: the content and summary are gone, the context stays.
        var erased = deletedAt is not null || redactedAt is not null;
        var tombstone = deletedAt is not null;
        await writer.WriteAsync(new CaptureRecordRow
        {
            EmployeeId = person.Id, Id = id, CapturedAt = capturedAt, Kind = kind,
            ReceivedAt = tombstone ? null : receivedAt, DeviceId = tombstone ? null : device.Id, Application = tombstone ? null : application,
            Site = tombstone ? null : surface.Site, SourceAgent = tombstone ? null : device.Agent, Summary = erased ? null : text.Summary,
            Sensitivity = tombstone ? SensitivityTags.None : sensitivity, Purposes = tombstone ? Purposes.None : purposes,
            TrainingChoice = tombstone ? TrainingChoice.None : choice, HasOpenFlag = !tombstone && openFlag,
            DeletedAt = deletedAt, RedactedAt = redactedAt, LastDecisionId = (resolution ?? decision)?.Id,
        }, ct);
        if (!erased)
            await writer.WriteAsync(new CaptureContentRow(person.Id, id, text.Json, snapshot, snapshot is null ? null : SnapshotRenderer.MediaType), ct);
        if (decision is { } made)
            await writer.WriteAsync(made, ct);
        if (resolution is { } resolved)
            await writer.WriteAsync(resolved, ct);
        if (flag is { } raised)
            await writer.WriteAsync(raised, ct);
        Written++;

        foreach (var (_, reach, _) in person.Rules)
            reach.Observe(probe);
        foreach (var (_, reach) in person.Accesses)
            reach.Observe(probe);
        foreach (var (_, reach) in person.Holds)
            reach.Observe(probe);
    }

    /// <summary>What the person decided about an ordinary record: mostly nothing.</summary>
    private RecordFate RollFate(DemoPerson person, CaptureRecord probe, SensitivityTags sensitivity, Purposes purposes)
    {
        var e = person.Engagement;
        double deleted = 0.002 * e, flagged = 0.0004 * e, withheld = 0.006 * e;
        var roll = rng.NextDouble();
        var training = purposes.HasFlag(Purposes.ModelTraining);
        if (roll < deleted)
            return person.UnderLegalHold ? RecordFate.Kept : RecordFate.Deleted; // a legal hold blocks deletion
        if (roll < deleted + flagged)
            return RecordFate.OpenFlag;
        // A record a standing rule already withholds needs no withholding of its own.
        if (training && roll < deleted + flagged + withheld && !person.Rules.Any(r => DemoPlan.RuleMatches(r.Rule, probe)))
            return RecordFate.Withheld;
        if (training && (sensitivity & SensitivityTagsExtensions.WithholdByDefault) != 0 && rng.NextDouble() < 0.015 * e)
            return RecordFate.Released;
        return RecordFate.Kept;
    }

    /// <summary>The record as the rule matcher sees it; one instance reused, since only these columns are read.</summary>
    private CaptureRecord Probe(DemoPerson person, CaptureKind kind, string application, string? site, DateTime capturedAt)
    {
        _probe.EmployeeId = person.Id;
        _probe.Kind = kind;
        _probe.Application = application;
        _probe.Site = site;
        _probe.CapturedAt = capturedAt;
        return _probe;
    }

    private Surface PickSurface(DemoPerson person)
    {
        // Now and then anyone checks their bank, their doctor's portal or the works council's site.
        if (rng.NextDouble() < 0.02)
        {
            var roll = rng.NextDouble();
            foreach (var (surface, weight) in DemoSurfaces.Sensitive)
                if ((roll -= weight) < 0)
                    return surface;
            return DemoSurfaces.Sensitive[^1].Surface;
        }
        var cumulative = person.SurfaceCumulative;
        return person.Surfaces[UpperBound(cumulative, rng.NextDouble() * cumulative[^1])];
    }

    private CaptureKind PickKind(SurfaceStyle style)
    {
        // Shares of pointer, click, keystrokes, snapshot; the rest is focus.
        var (pointer, click, keys, snapshot) = style switch
        {
            SurfaceStyle.Ide or SurfaceStyle.Terminal => (0.22, 0.16, 0.40, 0.05),
            SurfaceStyle.Chat or SurfaceStyle.Mail => (0.26, 0.22, 0.30, 0.05),
            SurfaceStyle.Spreadsheet => (0.25, 0.30, 0.25, 0.04),
            _ => (0.34, 0.30, 0.16, 0.05),
        };
        var roll = rng.NextDouble();
        return roll < pointer ? CaptureKind.PointerTrajectory
            : roll < pointer + click ? CaptureKind.Click
            : roll < pointer + click + keys ? CaptureKind.Keystrokes
            : roll < pointer + click + keys + snapshot ? CaptureKind.ScreenSnapshot
            : CaptureKind.AppFocus;
    }

    private static double ProductShare(CaptureKind kind) => kind switch
    {
        CaptureKind.Click => 0.5,
        CaptureKind.AppFocus => 0.6,
        CaptureKind.PointerTrajectory => 0.3,
        CaptureKind.ScreenSnapshot => 0.25,
        _ => 0.15,
    };

    private static double TrainingShare(CaptureKind kind) => kind == CaptureKind.AppFocus ? 0.25 : 0.85;

    private UiTarget Target(Surface surface, DemoPerson person)
    {
        var target = DemoText.Pick(rng, surface.Targets);
        return target.Name.Contains('{') ? target with { Name = Fill(target.Name, person) } : target;
    }

    private string WindowTitle(Surface surface, DemoPerson person)
    {
        var title = Fill(DemoText.Pick(rng, surface.Titles), person);
        return !surface.InBrowser ? title
            : person.Browser == "Firefox" ? $"{title} — Mozilla Firefox"
            : $"{title} - {person.Browser}";
    }

    private string Fill(string template, DemoPerson person) => DemoText.Fill(template, rng, person.Employee.SignInIdentity);

    private byte[][] Snapshots(Surface surface)
    {
        if (!_snapshots.TryGetValue(surface, out var variants))
            _snapshots[surface] = variants = [.. Enumerable.Range(0, 3).Select(v => SnapshotRenderer.Render(surface, v, seed))];
        return variants;
    }

    private DateTime After(DateTime at, double maxDays)
    {
        var room = Math.Min((plan.PeriodEnd - at).TotalMilliseconds, maxDays * 86_400_000);
        var least = Math.Min(60_000, room / 2);
        return DemoIds.Milliseconds(at.AddMilliseconds(least + rng.NextDouble() * (room - least)));
    }

    private DecisionRow Decision(string employeeId, DecisionKind kind, Guid recordId, string? reason, string actorId, ActorRole role, DateTime at) => new()
    {
        EmployeeId = employeeId, Id = DemoIds.Next(rng), Kind = kind, RecordId = recordId, RecordCount = 1, Reason = reason,
        ActorId = actorId, ActorRole = role, At = at,
    };

    private FlagRow Flag(string employeeId, Guid decisionId, Guid recordId, FlagCategory category, string note, DateTime raisedAt, FlagReviewState state, DateTime? resolvedAt, string? resolution) => new()
    {
        EmployeeId = employeeId, Id = DemoIds.Next(rng), DecisionId = decisionId, RecordId = recordId, RecordCount = 1, Category = category,
        Note = note, RaisedAt = raisedAt, ReviewState = state, ResolvedAt = resolvedAt,
        ResolvedBy = resolvedAt is null ? null : DemoPlan.PrivacyOfficer, Resolution = resolution,
    };
}
