using CsCheck;
using Transparency.Core.Decisions;
using Transparency.Core.EventStore;
using Transparency.Core.Records;
using Transparency.Testing;

namespace Transparency.Core.Tests.Decisions;

/// <summary>
/// The standing-rule editor and the flag dialog where their input meets validation: the services the forms call, given
/// 1,000 generated inputs each, most of them bad, on a real store. Nothing but a refusal escapes; a refusal names the
/// field at fault and leaves every table's row count as it was; input the form takes is taken. CsCheck prints the seed
/// of a failing input; pass it as <c>seed:</c> to run it again.
/// </summary>
public sealed class GeneratedFormInputSweepTests
{
    private const int Cases = 1_000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static void Print(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);

    private static readonly Gen<string?> Text = Gen.Frequency(
        (2, Gen.Const((string?)null)),
        (2, Gen.OneOf<string?>("Outlook", "Teams", "mail.example.com", " Outlook ", "", "   ")),
        (6, HostileInput.Text.Select(t => (string?)t)));

    private static readonly Gen<DateOnly?> Day = Gen.Frequency(
        (3, Gen.Const((DateOnly?)null)),
        (4, Gen.DateOnly[new DateOnly(2026, 10, 1), new DateOnly(2026, 12, 31)].Select(d => (DateOnly?)d)),
        (1, Gen.OneOf<DateOnly?>(DateOnly.MinValue, DateOnly.MaxValue, new DateOnly(1970, 1, 1))));

    private static readonly Gen<CaptureKind?> Kind = Gen.Frequency(
        (2, Gen.Const((CaptureKind?)null)),
        (3, Gen.Enum<CaptureKind>().Select(k => (CaptureKind?)k)),
        (1, Gen.Int[-3, 12].Select(k => (CaptureKind?)(CaptureKind)k)));

    private static readonly Gen<RuleDraft> Drafts =
        from kind in Kind
        from application in Text
        from site in Text
        from start in Day
        from end in Day
        select new RuleDraft(kind, application, site, start, end);

    /// <summary>Whether text is plain: no control character but line breaks and tabs, no half of a UTF-16 pair.</summary>
    private static bool NotText(string? text)
    {
        if (text is null)
            return false;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsControl(text[i]) && text[i] is not ('\n' or '\r' or '\t'))
                return true;
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                i++;
            else if (char.IsSurrogate(text[i]))
                return true;
        }
        return false;
    }

    /// <summary>The words that name each field a draft gets wrong, by an independent reading of what the editor takes.</summary>
    private static List<string> Wrong(RuleDraft d)
    {
        var wrong = new List<string>();
        if (d.Kind is { } kind && !Enum.GetValues<CaptureKind>().Contains(kind))
            wrong.Add("capture kind");
        if (d.Application is { Length: > 200 } || NotText(d.Application))
            wrong.Add("application name");
        if (d.Site is { Length: > 253 } || NotText(d.Site))
            wrong.Add("site");
        if (d.CapturedFrom is { } from && d.CapturedBefore is { } before && from >= before)
            wrong.Add("Captured from");
        return wrong;
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Rule_editor_input_is_taken_or_refused_naming_the_field_and_a_refusal_writes_nothing(StoreProvider provider)
    {
        await using var scene = await ActScene.CreateAsync(provider);
        await SeedAsync(scene);
        var rows = await StoreRows.CountAsync(scene.Store.Contexts, Ct);
        var (saved, refused) = (0, 0);
        await Drafts.SampleAsync(async draft =>
        {
            var wrong = Wrong(draft);
            var before = rows;
            var refusal = await RefusalAsync(() => scene.Rules.PreviewAsync(ActScene.Ada, draft, Ct));
            Assert.Equal(wrong.Count > 0, refusal is not null);
            refusal ??= await RefusalAsync(() => scene.Rules.AddAsync(ActScene.Ada, draft, Ct));
            rows = await StoreRows.CountAsync(scene.Store.Contexts, Ct);
            if (refusal is null)
            {
                saved++;
                return;
            }
            refused++;
            Assert.True(StoreRows.Changes(before, rows) is "", $"The refusal \"{refusal}\" changed the store: {StoreRows.Changes(before, rows)}");
            // A draft the editor takes can still be one the employee has already.
            var named = wrong.Count == 0 ? ["already have this rule"] : wrong;
            Assert.True(named.All(n => refusal.Contains(n, StringComparison.Ordinal)), $"The refusal \"{refusal}\" does not name {string.Join(", ", named)}");
        }, writeLine: Print, iter: Cases, threads: 1);
        Print($"Rules saved: {saved}, refused: {refused}");
        Assert.True(saved > 50 && refused > 300, $"Saved {saved}, refused {refused}: the sweep must walk both ways");
    }

    public sealed record FlagInput(int TargetKind, int Pick, FlagCategory Category, string? Note, RecordFilter Filter);

    private static readonly Gen<string?> Note = Gen.Frequency(
        (2, Gen.Const((string?)null)),
        (2, Gen.OneOf<string?>("This is not me.", "", "  ", "Private chat with my doctor")),
        (1, Gen.Int[1_990, 2_010].Select(n => (string?)new string('n', n))),
        (5, HostileInput.Text.Select(t => (string?)t)));

    private static readonly Gen<RecordFilter> Filter =
        from text in Text
        from application in Gen.Frequency((3, Gen.Const((string?)null)), (1, Text))
        from site in Gen.Frequency((3, Gen.Const((string?)null)), (1, Text))
        from start in Day
        from end in Day
        select new RecordFilter { Text = text, Application = application, Site = site, From = start, To = end };

    private static readonly Gen<FlagInput> Flags =
        from target in Gen.Int[0, 5]
        from pick in Gen.Int[0, 99]
        from category in Gen.Frequency((6, Gen.Enum<FlagCategory>()), (1, Gen.Int[-2, 9].Select(c => (FlagCategory)c)))
        from note in Note
        from filter in Filter
        select new FlagInput(target, pick, category, note, filter);

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Flag_dialog_input_is_taken_or_refused_naming_the_field_and_a_refusal_writes_nothing(StoreProvider provider)
    {
        await using var scene = await ActScene.CreateAsync(provider);
        var (own, others) = await SeedAsync(scene);
        var rows = await StoreRows.CountAsync(scene.Store.Contexts, Ct);
        var (taken, refused) = (0, 0);
        await Flags.SampleAsync(async input =>
        {
            var target = input.TargetKind switch
            {
                0 or 1 => ActTarget.One(own[input.Pick % own.Length]),
                2 => ActTarget.One(input.Pick % 2 == 0 ? others[input.Pick % others.Length] : Guid.NewGuid()),
                3 => ActTarget.Selection([]),
                4 => ActTarget.Selection(own.Take(1 + input.Pick % own.Length)),
                _ => ActTarget.Matching(input.Filter),
            };
            var wrong = new List<string>();
            if (!Enum.GetValues<FlagCategory>().Contains(input.Category))
                wrong.Add("why you flag");
            if (input.Note is { Length: > 2_000 } || NotText(input.Note) || input.Category == FlagCategory.Other && string.IsNullOrWhiteSpace(input.Note))
                wrong.Add("note");
            if (input.TargetKind == 3)
                wrong.Add("Select at least one record");
            if (input.TargetKind == 5)
            {
                var f = input.Filter;
                if (f.From is { } from && f.To is { } to && from > to)
                    wrong.Add("date range");
                if (f.Text is { Length: > 200 } || NotText(f.Text))
                    wrong.Add("search text");
                if (NotText(f.Application))
                    wrong.Add("application");
                if (NotText(f.Site))
                    wrong.Add("site");
            }
            var before = rows;
            var refusal = await RefusalAsync(() => scene.Decisions.FlagAsync(ActScene.Ada, target, input.Category, input.Note, Ct));
            rows = await StoreRows.CountAsync(scene.Store.Contexts, Ct);
            Assert.Equal(wrong.Count > 0, refusal is not null);
            if (refusal is null)
            {
                taken++;
                return;
            }
            refused++;
            Assert.True(StoreRows.Changes(before, rows) is "", $"The refusal \"{refusal}\" changed the store: {StoreRows.Changes(before, rows)}");
            // The dialog's checks come first, then the target's: the refusal names the first field at fault.
            Assert.True(wrong.Any(n => refusal.Contains(n, StringComparison.Ordinal)), $"The refusal \"{refusal}\" names none of {string.Join(", ", wrong)}");
        }, writeLine: Print, iter: Cases, threads: 1);
        Print($"Flags taken: {taken}, refused: {refused}");
        Assert.True(taken > 100 && refused > 300, $"Taken {taken}, refused {refused}: the sweep must walk both ways");
    }

    private static async Task<(Guid[] Own, Guid[] Others)> SeedAsync(ActScene scene)
    {
        string[] applications = ["Outlook", "Teams", "Excel"];
        var own = await scene.AddAsync(Enumerable.Range(0, 12).Select(i => TestData.Record(ActScene.Ada.Value, TestData.Now.AddHours(-1 - i * 7),
            (CaptureKind)(1 + i % 5), application: applications[i % 3], site: i % 2 == 0 ? "mail.example.com" : null)).ToArray());
        var others = await scene.AddAsync(Enumerable.Range(0, 3).Select(i => TestData.Record(ActScene.Ben.Value, TestData.Now.AddHours(-2 - i))).ToArray());
        return (own.Select(r => r.Id).ToArray(), others.Select(r => r.Id).ToArray());
    }

    /// <summary>The refusal's message, or null when the service went ahead; any other exception fails the sweep.</summary>
    private static async Task<string?> RefusalAsync(Func<Task> act)
    {
        try
        {
            await act();
            return null;
        }
        catch (ActRefusedException refused)
        {
            return refused.Message;
        }
    }
}
