using System.Globalization;
using Transparency.Core.Documents;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;

namespace Transparency.Core.Disclosures;

/// <summary>
/// One employee's disclosure as PDF, in the order of GDPR Art. 15: confirmation, then (a)–(h), transfers, and the employee's
/// own choices, training status and access log. Figures only: no record's content appears in it, in either copy.
/// </summary>
public static class EmployeeDisclosurePdf
{
    public const string Title = "Disclosure of personal data";

    public static byte[] Write(EmployeeDisclosure d, DisclosureOptions options, string verifyAt)
    {
        using var pdf = new PdfLayout($"{Title}: {d.Name}", options.Controller, d.IssuedAt, d.DocumentId);
        pdf.Title(Title);
        pdf.Paragraph("under Article 15 of the General Data Protection Regulation (GDPR)");
        pdf.Facts(
        [
            ("Employee", $"{d.Name} (employee id {d.EmployeeId})"),
            ("Org unit", string.Join(" / ", d.OrgUnitPath)),
            ("Covers", d.Period.Describe()),
            ("Issued", DisclosureText.Instant(d.IssuedAt)),
            ("Issued to", d.Reader.IsSubject ? "the employee" : $"{Words.Of(d.Reader.Role)} ({d.Reader.ActorId})"),
            .. d.Reader.IsSubject ? Array.Empty<(string, string)>() : [("Reason", d.Reader.Why!)],
            ("Document id", d.DocumentId.ToString()),
            ("Controller", options.Controller),
            ("Contact", options.PrivacyContact),
        ]);

        pdf.Heading("Confirmation");
        var c = d.Counts;
        pdf.Paragraph(c.Total == 0
            ? $"{options.Controller} holds no capture records about you for {d.Period.Describe()}. Your name, employee id and org unit are held in the employee directory."
            : $"Yes: {options.Controller} processes personal data about you. For {d.Period.Describe()} Transparency holds {Count(c.Total, "capture record", "capture records")} about you, " +
              $"captured from {DisclosureText.Day(d.FirstCaptured)} to {DisclosureText.Day(d.LastCaptured)}" +
              (c.Deleted > 0 ? $"; {N(c.Deleted)} of them {(c.Deleted == 1 ? "is" : "are")} deleted, and only a tombstone without content remains of each." : ".") +
              " Your name, employee id and org unit are held in the employee directory. This document states figures only; your records " +
              "themselves, with their content, are on your records page and in your data download.");

        pdf.Heading("(a) Purposes and legal bases");
        pdf.Table(["Purpose", "What for", "Legal basis", "Can you withhold it?"],
            d.Purposes.Select(p => (IReadOnlyList<string>)[p.Name, p.Description, p.LegalBasis, p.Withholdable ? "Yes, per record, by rule or entirely" : "No"]).ToList(),
            [0.18, 0.34, 0.34, 0.14], [false, false, false, false]);

        pdf.Heading("(b) Categories of data: capture kinds");
        pdf.Paragraph("Each record is one captured item of one kind. A record can feed more than one purpose and is counted under each.");
        var single = d.Purposes.Select(p => p.Id).ToList();
        var kindWidth = 0.55 / (single.Count + 1);
        pdf.Table(["Capture kind", "Records", .. single.Select(p => $"Feeding {Words.Of(p).ToLowerInvariant()}"), "Eligible for training now"],
            [
                .. d.Kinds.Select(k => (IReadOnlyList<string>)[Words.Of(k.Kind), N(k.Records), .. single.Select(p => N(k.ByPurpose.GetValueOrDefault(p))), N(k.Eligible)]),
                ["All kinds", N(c.Total), .. single.Select(p => N(d.Kinds.Sum(k => k.ByPurpose.GetValueOrDefault(p)))), N(c.Eligible)],
            ],
            [0.3, 0.15, .. single.Select(_ => kindWidth), kindWidth], [false, true, .. single.Select(_ => true), true], boldFirstColumn: true);
        if (d.Months.Count > 0)
        {
            var kinds = Enum.GetValues<CaptureKind>();
            var monthWidth = 0.72 / (kinds.Length + 1);
            pdf.Table(["Month captured", .. kinds.Select(Words.Of), "All kinds"],
                d.Months.Select(m => (IReadOnlyList<string>)[m.Label, .. kinds.Select(k => N(m.ByKind.GetValueOrDefault(k))), N(m.Records)]).ToList(),
                [0.28, .. kinds.Select(_ => monthWidth), monthWidth], [false, .. kinds.Select(_ => true), true]);
        }

        pdf.Heading("(c) Recipients");
        pdf.Table(["Purpose", "Who receives the data"],
            d.Purposes.Select(p => (IReadOnlyList<string>)[p.Name, p.Recipients]).ToList(), [0.3, 0.7], [false, false]);

        pdf.Heading("(d) How long it is kept");
        pdf.Paragraph("A record's content is erased when the longest retention among the purposes it feeds has passed; a tombstone " +
                      "(id, kind, time) stays so that copies elsewhere can be purged. The dates below are those of the records whose content is still held.");
        pdf.Table(["Purpose", "Retention", "Records with content held", "First erasure due", "Last erasure due"],
            d.Erasure.Select(e => (IReadOnlyList<string>)[
                d.Purposes.Single(p => p.Id == e.Purpose).Name, $"{N(e.RetentionDays)} days", N(e.RecordsHeld),
                DisclosureText.Day(e.EarliestErasure), DisclosureText.Day(e.LatestErasure)]).ToList(),
            [0.28, 0.14, 0.2, 0.19, 0.19], [false, true, true, true, true]);
        pdf.Paragraph(d.Holds.Count == 0
            ? "No legal hold applies to your records."
            : "A legal hold keeps records beyond these dates and blocks their deletion while it lasts: " +
              string.Join("; ", d.Holds.Select(h => $"\"{h.Reason}\" (placed {DisclosureText.Day(h.PlacedAt)}, {HoldScope(h)})")) + ".");

        DisclosureText.Rights(pdf, options);

        pdf.Heading("(g) Where the data comes from");
        pdf.Paragraph("Not from you directly: capture agents on your work devices recorded it while you worked and sent it through the capture pipeline.");
        if (d.Sources.Count > 0)
            pdf.Table(["Capture agent", "Device", "Records", "First", "Last"],
                d.Sources.Select(s => (IReadOnlyList<string>)[s.Agent, s.Device, N(s.Records), DisclosureText.Day(s.First), DisclosureText.Day(s.Last)]).ToList(),
                [0.3, 0.28, 0.14, 0.14, 0.14], [false, false, true, true, true]);
        if (d.SourceCount > d.Sources.Count)
            pdf.Paragraph($"… and {N(d.SourceCount - d.Sources.Count)} more combinations of agent and device, with fewer records each.");

        DisclosureText.Statements(pdf, options);

        pdf.Heading("Your choices");
        pdf.Facts(
        [
            ("Opted out of training", d.OptedOut ? "Yes: none of your records is used for model training" : "No"),
            ("Standing rules", d.StandingRules.Count == 0 ? "None" : string.Join("\n", d.StandingRules)),
            ("Withheld from training", $"{Count(c.Withheld, "record", "records")} (by your own decision, a standing rule or opting out)"),
            ("Quarantined by a flag", $"{Count(c.Quarantined, "record waits", "records wait")} for the privacy officer"),
            ("Deleted", Count(c.Deleted, "record", "records")),
            ("Flags raised (all time)", $"{N(d.Flags.GetValueOrDefault(FlagReviewState.Open))} open, {N(d.Flags.GetValueOrDefault(FlagReviewState.Upheld))} upheld, {N(d.Flags.GetValueOrDefault(FlagReviewState.Dismissed))} dismissed"),
        ]);

        pdf.Heading("Model training");
        pdf.Facts(
        [
            ("Eligible now", $"{N(c.Eligible)} of the {Count(c.Total, "record", "records")} may be used for training today"),
            ("Exported", $"{Count(d.ExportedRecords, "record", "records")} left for training in {Count(d.ExportBatches, "export batch", "export batches")}"),
            ("Revoked", $"{Count(d.RevokedRecords, "exported record", "exported records")} stopped being eligible; the training pipeline was told to delete its copies"),
        ]);

        pdf.Heading("Who accessed your data");
        if (d.Accesses.Count == 0)
            pdf.Paragraph("Nobody other than you has read or exported your data.");
        else
        {
            pdf.Table(["Through", "Times", "Last"],
                d.Accesses.Select(a => (IReadOnlyList<string>)[Words.Of(a.Channel), N(a.Times), DisclosureText.Day(a.Last)]).ToList(),
                [0.5, 0.2, 0.3], [false, true, true]);
            pdf.Paragraph(d.RecentAccesses.Count == 1 ? "Newest first (every one is on your access page):" : $"The latest {N(d.RecentAccesses.Count)}, newest first (every one is on your access page):");
            pdf.Table(["When", "Who", "Through", "Why", "Records"],
                d.RecentAccesses.Select(a => (IReadOnlyList<string>)[
                    DisclosureText.Instant(a.At), $"{Words.Of(a.ActorRole)} ({a.ActorId})", Words.Of(a.Channel), a.Why ?? "", N(a.RecordCount)]).ToList(),
                [0.2, 0.22, 0.18, 0.3, 0.1], [false, false, false, false, true]);
        }

        if (!d.Reader.IsSubject)
            pdf.Paragraph("The download of this document is recorded as well, with its reason, and shows on your access page.");

        if (d.Reader.IsSubject && (d.Applications.Count > 0 || d.Sites.Count > 0))
        {
            pdf.Heading("Appendix: where your records were captured");
            pdf.Paragraph("In your own copy only. Every record, with its time, kind, purposes, training status and content, is in your data download (/my/export).");
            if (d.Applications.Count > 0)
                pdf.Table(["Application", "Records"], d.Applications.Select(a => (IReadOnlyList<string>)[CapturedText.Visible(a.Name), N(a.Records)]).ToList(), [0.8, 0.2], [false, true]);
            if (d.Sites.Count > 0)
                pdf.Table(["Site", "Records"], d.Sites.Select(s => (IReadOnlyList<string>)[CapturedText.Visible(s.Name), N(s.Records)]).ToList(), [0.8, 0.2], [false, true]);
        }

        DisclosureText.Verification(pdf, verifyAt);
        return pdf.Finish($"{Title} {d.DocumentId} · {d.Name} · issued {DisclosureText.Instant(d.IssuedAt)}");
    }

    private static string HoldScope(HoldFact h) => (h.CapturedFrom, h.CapturedBefore) switch
    {
        (null, null) => "all your records",
        ({ } from, null) => $"records captured from {DisclosureText.Day(from)}",
        (null, { } before) => $"records captured before {DisclosureText.Day(before)}",
        ({ } from, { } before) => $"records captured from {DisclosureText.Day(from)} to before {DisclosureText.Day(before)}",
    };

    private static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Count(int n, string one, string many) => $"{N(n)} {(n == 1 ? one : many)}";
}
