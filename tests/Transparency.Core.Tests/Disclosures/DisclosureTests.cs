using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using Transparency.Core.AccessLog;
using Transparency.Core.Disclosures;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Core.Records;
using Transparency.Core.Reports;
using Transparency.Testing;

namespace Transparency.Core.Tests.Disclosures;

/// <summary>
/// Disclosures read back as their readers read them: every Art. 15 item is there, every figure is the store's and the
/// records page's, HR's copy carries no content, HR's download is logged and told and the employee's own is not, and
/// verification tells an issued file from a changed one.
/// </summary>
public sealed class DisclosureTests
{
    private const string Name = "Zoë Łukasz-Øster Weiß";
    private const string Secret = "hunter2-private";
    private const string SecretSummary = "Typed the quarterly salary figures";
    private static readonly EmployeeId Zoe = new("E-ZOE");
    private static readonly DisclosureReader Hr = new("hr.partner@test", ActorRole.HR, "Art. 15 access request from the employee");
    private static readonly DisclosureReader Self = new("zoe@test", ActorRole.Employee);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Hr_s_disclosure_states_every_Art_15_item_with_the_records_page_s_figures_and_no_content(StoreProvider provider)
    {
        await using var scene = await Scene.CreateAsync(provider);

        var file = (await scene.Disclosures.IssueAsync(Zoe, DisclosurePeriod.Everything, Hr, "https://transparency.test/verify", Ct))!;
        var text = PdfText.All(file.Content);
        var lines = PdfText.Lines(file.Content);

        Assert.Contains(Name, text);
        Assert.Contains(file.DocumentId.ToString(), text);
        foreach (var item in new[]
                 {
                     "Confirmation", "(a) Purposes and legal bases", "(b) Categories of data: capture kinds", "(c) Recipients", "(d) How long it is kept",
                     "(e) Your rights, and where to use them", "(f) Your right to complain", "(g) Where the data comes from", "(h) Automated decisions",
                     "Transfers outside the EEA", "Your choices", "Model training", "Who accessed your data", "Is this copy genuine?",
                     DisclosureSettings.AuthorityName, "Prüfweg 2, 10117 Berlin", "No automated decisions are made from captured data.",
                     "No transfers outside the EEA.", "GDPR Art. 6(1)(a) consent", "capture-agent/2.3.1", "Rectification (Art. 16)", "Erasure (Art. 17)",
                     "Restriction (Art. 18)", "Objection", "Art. 21", "never train on clicks", "Art. 15 access request from the employee",
                 })
            Assert.Contains(item, text, StringComparison.OrdinalIgnoreCase);

        // The figures the employee's own records page shows for everything they hold.
        var page = await new RecordQueryService(scene.Store.Contexts, scene.Clock).CountAsync(Zoe, RecordFilter.All, Ct);
        Assert.Equal(15, page.Total);
        await using var db = await scene.Store.Contexts.CreateDbContextAsync(Ct);
        var records = await db.CaptureRecords.Where(r => r.EmployeeId == Zoe.Value).ToListAsync(Ct);
        int Feeding(Purposes p) => records.Count(r => r.Purposes.HasFlag(p));
        Assert.Contains($"All kinds {N(page.Total)} {N(Feeding(Purposes.OperationalTelemetry))} {N(Feeding(Purposes.Product))} {N(Feeding(Purposes.ModelTraining))} {N(page.Eligible)}", lines);
        Assert.Contains(lines, l => l.StartsWith($"Withheld from training {N(page.Withheld)} records", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"Quarantined by a flag {N(page.Quarantined)} record", StringComparison.Ordinal));
        Assert.Contains($"Deleted {N(page.Deleted)} record", lines);
        Assert.Contains(lines, l => l.StartsWith($"Eligible now {N(page.Eligible)} of the {N(page.Total)} records", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Exported 2 records left for training in 1 export batch", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Revoked 1 exported record stopped", StringComparison.Ordinal));
        Assert.Contains("October 2026 0 0 7 0 0 7", lines);
        Assert.Contains("November 2026 0 4 2 1 0 7", lines);
        // The HR copy: no content, no summary text, no applications or sites.
        Assert.DoesNotContain(Secret, text);
        Assert.DoesNotContain(SecretSummary, text);
        Assert.DoesNotContain("Appendix", text);
        Assert.DoesNotContain("Outlook", text);
        // What the other employee holds is not counted.
        Assert.DoesNotContain("E-OTHER", text);
    }

    [Fact]
    public async Task The_employee_s_own_copy_adds_where_records_were_captured_and_still_no_content()
    {
        await using var scene = await Scene.CreateAsync(StoreProvider.Sqlite);

        var file = (await scene.Disclosures.IssueAsync(Zoe, DisclosurePeriod.Everything, Self, "/verify", Ct))!;
        var text = PdfText.All(file.Content);

        Assert.Contains("Issued to the employee", text);
        Assert.Contains("Appendix: where your records were captured", text);
        Assert.Contains("Outlook 11", text);
        Assert.DoesNotContain(Secret, text);
        Assert.DoesNotContain(SecretSummary, text);
    }

    [Fact]
    public async Task A_period_covers_only_the_records_captured_in_it()
    {
        await using var scene = await Scene.CreateAsync(StoreProvider.Sqlite);
        var november = new DisclosurePeriod(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30));

        var file = (await scene.Disclosures.IssueAsync(Zoe, november, Hr, "/verify", Ct))!;
        var lines = PdfText.Lines(file.Content);

        var page = await new RecordQueryService(scene.Store.Contexts, scene.Clock)
            .CountAsync(Zoe, new RecordFilter { From = november.From, To = november.To }, Ct);
        Assert.Equal(7, page.Total);
        Assert.Contains(lines, l => l.StartsWith($"Eligible now {N(page.Eligible)} of the {N(page.Total)} records", StringComparison.Ordinal));
        Assert.Contains("November 2026 0 4 2 1 0 7", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("October 2026", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("records captured from 2026-11-01 to 2026-11-30", StringComparison.Ordinal));
        await Assert.ThrowsAsync<ArgumentException>(() =>
            scene.Disclosures.IssueAsync(Zoe, new DisclosurePeriod(new DateOnly(2026, 11, 30), new DateOnly(2026, 11, 1)), Hr, "/verify", Ct));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Hr_s_download_is_logged_and_told_to_the_employee_and_their_own_is_neither(StoreProvider provider)
    {
        await using var scene = await Scene.CreateAsync(provider);

        var hrFile = (await scene.Disclosures.IssueAsync(Zoe, DisclosurePeriod.Everything, Hr, "/verify", Ct))!;
        var ownFile = (await scene.Disclosures.IssueAsync(Zoe, DisclosurePeriod.Everything, Self, "/verify", Ct))!;

        await using var db = await scene.Store.Contexts.CreateDbContextAsync(Ct);
        var logged = await db.AccessLog.Where(a => a.EmployeeId == Zoe.Value && a.Channel == AccessChannel.HrDisclosureDownload).ToListAsync(Ct);
        var entry = Assert.Single(logged, a => a.ActorId == Hr.ActorId);
        Assert.Equal(Hr.Why, entry.Why);
        Assert.Equal(ActorRole.HR, entry.ActorRole);
        Assert.Equal(15, entry.RecordCount);
        var notice = Assert.Single(await db.Notices.Where(n => n.EmployeeId == Zoe.Value).ToListAsync(Ct));
        Assert.Equal(NoticeKind.DisclosureDownloaded, notice.Kind);
        Assert.Contains(Hr.Why!, notice.Text);
        Assert.Equal("/my/access", notice.Link);
        var own = Assert.Single(await db.OwnDownloads.Where(d => d.EmployeeId == Zoe.Value).ToListAsync(Ct));
        Assert.Equal(OwnDownloadKind.Disclosure, own.Kind);

        var issued = await db.IssuedDisclosures.ToListAsync(Ct);
        Assert.Equal(2, issued.Count);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(hrFile.Content)), issued.Single(d => d.Id == hrFile.DocumentId).Sha256);
        Assert.Equal(ActorRole.Employee, issued.Single(d => d.Id == ownFile.DocumentId).IssuedToRole);
    }

    [Fact]
    public async Task Hr_must_say_why_and_an_unknown_employee_gets_no_document()
    {
        await using var scene = await Scene.CreateAsync(StoreProvider.Sqlite);

        await Assert.ThrowsAsync<ArgumentException>(() =>
            scene.Disclosures.IssueAsync(Zoe, DisclosurePeriod.Everything, Hr with { Why = "  " }, "/verify", Ct));
        Assert.Null(await scene.Disclosures.IssueAsync(new EmployeeId("NOBODY"), DisclosurePeriod.Everything, Hr, "/verify", Ct));

        await using var db = await scene.Store.Contexts.CreateDbContextAsync(Ct);
        Assert.Empty(await db.IssuedDisclosures.ToListAsync(Ct));
        Assert.Empty(await db.Notices.ToListAsync(Ct));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Verification_accepts_the_issued_file_and_rejects_a_changed_byte_a_truncated_file_and_a_non_pdf(StoreProvider provider)
    {
        await using var scene = await Scene.CreateAsync(provider);
        var file = (await scene.Disclosures.IssueAsync(Zoe, DisclosurePeriod.Everything, Hr, "/verify", Ct))!;

        var genuine = await scene.Disclosures.VerifyAsync(file.Content, Ct);
        Assert.Equal(VerificationOutcome.Issued, genuine.Outcome);
        Assert.Equal(file.DocumentId, genuine.DocumentId);
        Assert.Equal("Z. Ł. Ø. W.", genuine.SubjectInitials);
        Assert.Equal("Test unit", genuine.SubjectOrgUnit);
        Assert.Equal(scene.Clock.GetUtcNow().UtcDateTime, genuine.IssuedAt);

        // One byte changed away from where the file names its id: it still claims to be the document, and is found altered.
        var changed = file.Content.ToArray();
        var marker = changed.AsSpan().IndexOf("/TransparencyDocumentId"u8);
        var at = marker > changed.Length / 2 ? changed.Length / 4 : changed.Length * 3 / 4;
        changed[at] ^= 0x20;
        var altered = await scene.Disclosures.VerifyAsync(changed, Ct);
        Assert.Equal(VerificationOutcome.Altered, altered.Outcome);
        Assert.Equal(file.DocumentId, altered.DocumentId);
        Assert.Null(altered.SubjectInitials);

        var truncated = await scene.Disclosures.VerifyAsync(file.Content.AsMemory(0, file.Content.Length - 100), Ct);
        Assert.Contains(truncated.Outcome, new[] { VerificationOutcome.Altered, VerificationOutcome.NotIssued });
        Assert.Null(truncated.SubjectInitials);

        Assert.Equal(VerificationOutcome.NotPdf, (await scene.Disclosures.VerifyAsync("PK\u0003\u0004 a zip, not a PDF"u8.ToArray(), Ct)).Outcome);
        Assert.Equal(VerificationOutcome.NotIssued, (await scene.Disclosures.VerifyAsync(await UsageReportPdfAsync(scene), Ct)).Outcome);
    }

    [Fact]
    public async Task The_organisation_wide_disclosure_states_the_register_and_suppressed_aggregates_and_is_logged_as_a_report_view()
    {
        await using var scene = await Scene.CreateAsync(StoreProvider.Sqlite);

        var file = await scene.Disclosures.IssueOrganisationAsync(Hr with { Why = null }, "/verify", Ct);
        var text = PdfText.All(file.Content);

        foreach (var item in new[]
                 {
                     "Organisation-wide disclosure", "Processing register", "Operational telemetry", "Product improvement", "AI model training",
                     "GDPR Art. 6(1)(a) consent", "Aggregate figures", "fewer than 5 people", DisclosureSettings.AuthorityName, "(h) Automated decisions",
                 })
            Assert.Contains(item, text);
        Assert.DoesNotContain(Name, text);
        Assert.DoesNotContain("E-ZOE", text);
        await using var db = await scene.Store.Contexts.CreateDbContextAsync(Ct);
        var view = Assert.Single(await db.ReportViews.ToListAsync(Ct));
        Assert.Equal((ActorRole.HR, ReportFormat.Pdf), (view.ActorRole, view.Format));
        Assert.Empty(await db.AccessLog.Where(a => a.ActorId == Hr.ActorId).ToListAsync(Ct));
        var verified = await scene.Disclosures.VerifyAsync(file.Content, Ct);
        Assert.Equal((VerificationOutcome.Issued, DisclosureKind.Organisation), (verified.Outcome, verified.Kind));
    }

    /// <summary>A PDF made here that is not a disclosure: the works council's report.</summary>
    private static async Task<byte[]> UsageReportPdfAsync(Scene scene)
    {
        var report = await new UsageReportService(scene.Store.Contexts, new MinimumGroupSize(), scene.Clock)
            .ReportAsync(new UsageQuery(null, ReportPeriod.Weeks(TestData.Now.AddDays(-14), TestData.Now), null),
                new ReportViewer("council@test", ActorRole.WorksCouncil, ReportFormat.Pdf), Ct);
        return UsageReportPdf.Write(report!, TestData.Now);
    }

    private static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>
    /// Zoë's records: 7 keystroke records in October (1 of them deleted), and in November 4 clicks for product use (which a
    /// standing rule keeps from training), 2 keystroke records (one flagged) and a screen snapshot she withheld; 1 from September
    /// outside any November period (15 in all). An HR download before, two of her records exported and one revoked.
    /// </summary>
    private sealed class Scene : IAsyncDisposable
    {
        private Scene(TestStore store, FakeTimeProvider clock)
        {
            Store = store;
            Clock = clock;
            var options = DisclosureOptions.From(new ConfigurationBuilder().AddInMemoryCollection(DisclosureSettings.All!).Build());
            Disclosures = new DisclosureService(store.Contexts, options, new UsageReportService(store.Contexts, new MinimumGroupSize(), clock), clock);
        }

        public TestStore Store { get; }
        public FakeTimeProvider Clock { get; }
        public DisclosureService Disclosures { get; }

        public static async Task<Scene> CreateAsync(StoreProvider provider)
        {
            var store = await TestStore.CreateAsync(provider);
            var clock = new FakeTimeProvider(new DateTimeOffset(TestData.Now));
            await TestData.AddEmployeesAsync(store, Zoe.Value, "E-OTHER");
            await using var db = await store.Contexts.CreateDbContextAsync(Ct);
            (await db.Employees.SingleAsync(e => e.Id == Zoe.Value, Ct)).DisplayName = Name;

            var october = new DateTime(2026, 10, 5, 9, 0, 0, DateTimeKind.Utc);
            var november = new DateTime(2026, 11, 3, 9, 0, 0, DateTimeKind.Utc);
            var records = new List<CaptureRecord>();
            for (var i = 0; i < 7; i++)
                records.Add(Secretly(TestData.Record(Zoe.Value, october.AddHours(i), CaptureKind.Keystrokes)));
            records[0].DeletedAt = october.AddDays(1);
            records[0].Summary = null;
            records[0].Content = null;
            for (var i = 0; i < 4; i++)
                records.Add(Secretly(TestData.Record(Zoe.Value, november.AddHours(i), CaptureKind.Click, Purposes.Product | Purposes.ModelTraining, application: "Excel")));
            records.Add(Secretly(TestData.Record(Zoe.Value, november.AddHours(5), CaptureKind.Keystrokes)));
            var flagged = Secretly(TestData.Record(Zoe.Value, november.AddHours(6), CaptureKind.Keystrokes));
            flagged.HasOpenFlag = true;
            records.Add(flagged);
            var withheld = Secretly(TestData.Record(Zoe.Value, november.AddHours(7), CaptureKind.ScreenSnapshot));
            withheld.TrainingChoice = TrainingChoice.Withheld;
            records.Add(withheld);
            records.Add(Secretly(TestData.Record(Zoe.Value, new DateTime(2026, 9, 20, 9, 0, 0, DateTimeKind.Utc), CaptureKind.AppFocus)));
            db.CaptureRecords.AddRange(records);
            db.CaptureRecords.AddRange(Enumerable.Range(0, 5).Select(i => TestData.Record("E-OTHER", november.AddHours(i))));
            db.StandingRules.Add(new StandingRule { EmployeeId = Zoe.Value, Id = Guid.NewGuid(), Kind = CaptureKind.Click, CreatedAt = october });
            db.AccessLog.Add(AccessLogService.Entry(Zoe.Value, october.AddDays(2), "hr.earlier@test", ActorRole.HR,
                AccessChannel.HrDisclosureDownload, "Art. 15 access request from the employee", 8));

            var client = new ApiClient { Id = Guid.NewGuid(), Name = "trainer", KeyPrefix = "tr_", KeyHash = new string('0', 64), Scopes = "training:read", CreatedAt = october };
            var batch = new ExportBatch { Id = Guid.NewGuid(), ApiClientId = client.Id, StartedAt = october.AddDays(3), CompletedAt = october.AddDays(3), RecordCount = 2 };
            db.ApiClients.Add(client);
            db.ExportBatches.Add(batch);
            db.ExportReceipts.AddRange(records.Skip(1).Take(2).Select(r => new ExportReceipt { EmployeeId = Zoe.Value, RecordId = r.Id, ExportBatchId = batch.Id, ExportedAt = batch.StartedAt }));
            db.Revocations.Add(new Revocation
            {
                EmployeeId = Zoe.Value, RecordId = records[1].Id, ExportBatchId = batch.Id, Reasons = (int)IneligibilityReasons.WithheldByRecord,
                ReasonClass = "withheld", IneligibleSince = october.AddDays(4), RecordedAt = october.AddDays(4), Sequence = 1,
            });
            await db.SaveChangesAsync(Ct);
            return new Scene(store, clock);
        }

        private static CaptureRecord Secretly(CaptureRecord record)
        {
            record.Summary = SecretSummary;
            record.Content = new CaptureContent { EmployeeId = record.EmployeeId, Json = $$"""{"text":"{{Secret}}"}""" };
            return record;
        }

        public ValueTask DisposeAsync() => Store.DisposeAsync();
    }
}
