using System.Globalization;
using Transparency.Core.Documents;
using Transparency.Core.EventStore;
using Transparency.Core.Reports;

namespace Transparency.Core.Disclosures;

/// <summary>
/// The organisation-wide disclosure: what is captured, why, on what basis, for whom and how long (the processing register),
/// the rights employees have and where to complain, and the organisation's aggregate figures, which are the works council's
/// report and so suppressed by exactly its rules.
/// </summary>
public static class OrganisationDisclosurePdf
{
    public const string Title = "Organisation-wide disclosure";

    public static byte[] Write(Guid documentId, DateTime issuedAt, IReadOnlyList<Purpose> purposes, UsageReport report,
        DisclosureOptions options, string verifyAt)
    {
        using var pdf = new PdfLayout(Title, options.Controller, issuedAt, documentId);
        pdf.Title(Title);
        pdf.Paragraph("What Transparency captures about the organisation's employees, and how much (GDPR Art. 13–15)");
        pdf.Facts(
        [
            ("Organisation", report.Unit.Name),
            ("Figures for", report.Query.Period.Describe()),
            ("Issued", DisclosureText.Instant(issuedAt)),
            ("Document id", documentId.ToString()),
            ("Controller", options.Controller),
            ("Contact", options.PrivacyContact),
            ("Minimum group size", report.MinimumGroupSize.ToString(CultureInfo.InvariantCulture)),
        ]);

        pdf.Heading("Processing register");
        pdf.Paragraph("Work devices capture pointer paths, clicks, keystroke bursts, screen snapshots and application and site focus. " +
                      "Each capture record names the purposes it feeds:");
        foreach (var p in purposes)
        {
            pdf.Heading(p.Name);
            pdf.Facts(
            [
                ("What for", p.Description),
                ("Legal basis", p.LegalBasis),
                ("Recipients", p.Recipients),
                ("Retention", $"{p.RetentionDays.ToString(CultureInfo.InvariantCulture)} days after capture"),
                ("Can an employee withhold it?", p.Withholdable ? "Yes: per record, by standing rule, or entirely" : "No"),
            ]);
        }

        DisclosureText.Rights(pdf, options);
        DisclosureText.Statements(pdf, options);

        pdf.Heading("Aggregate figures");
        UsageReportPdf.Figures(pdf, report);

        DisclosureText.Verification(pdf, verifyAt);
        return pdf.Finish($"{Title} {documentId} · issued {DisclosureText.Instant(issuedAt)}");
    }
}
