using System.Globalization;
using Transparency.Core.Documents;

namespace Transparency.Core.Disclosures;

/// <summary>The parts both disclosures say alike: rights, where to complain, the organisation's statements, and how to verify the file.</summary>
internal static class DisclosureText
{
    public static string Instant(DateTime at) => at.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Day(DateTime? at) => at?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—";

    /// <summary>Art. 15(1)(e) and (f): each right, what it does here, and where in the app to use it; then the supervisory authority.</summary>
    public static void Rights(PdfLayout pdf, DisclosureOptions options)
    {
        pdf.Heading("(e) Your rights, and where to use them");
        pdf.Table(["Right", "What it does here", "Where"],
        [
            ["Access (Art. 15)", "See every record captured about you, its content, purposes, training status and history.", "My records (/my/records); this document (/my/disclosure.pdf)"],
            ["Data portability (Art. 20)", "Download everything held about you, machine-readable.", "Download my data (/my/export)"],
            ["Rectification (Art. 16)", "Flag a record that is wrong or not yours; the privacy officer reviews it and tells you the outcome.", "My records: open a record, Flag"],
            ["Erasure (Art. 17)", "Delete a record, a selection, or every record a filter matches: the content is erased at once, unless a legal hold applies.", "My records: Delete"],
            ["Restriction (Art. 18)", "Withhold records from model training; a flag quarantines a record from training until it is resolved.", "My records: Withhold, Flag"],
            ["Objection and withdrawing consent (Art. 21, Art. 7(3))", "Standing rules that keep matching records out of training, now and in future, or opt out of training entirely.", "Standing rules (/my/rules)"],
        ],
        [0.22, 0.5, 0.28], [false, false, false], boldFirstColumn: true);
        pdf.Paragraph($"For anything the app does not cover, or to object to another purpose, contact {options.PrivacyContact}.");

        pdf.Heading("(f) Your right to complain");
        pdf.Paragraph("You may lodge a complaint with the supervisory authority:");
        pdf.Facts([("Authority", options.SupervisoryAuthorityName), ("Address", options.SupervisoryAuthorityAddress)]);
    }

    /// <summary>Art. 15(1)(h) and 15(2), as the organisation states them.</summary>
    public static void Statements(PdfLayout pdf, DisclosureOptions options)
    {
        pdf.Heading("(h) Automated decisions");
        pdf.Paragraph(options.AutomatedDecisions);
        pdf.Heading("Transfers outside the EEA");
        pdf.Paragraph(options.Transfers);
    }

    public static void Verification(PdfLayout pdf, string verifyAt)
    {
        pdf.Heading("Is this copy genuine?");
        pdf.Paragraph($"The SHA-256 fingerprint of this file was recorded when it was issued. Anyone can check that a copy is unaltered by uploading it at {verifyAt}; " +
                      "the check says when the document was issued and for whom (initials and org unit only).");
    }
}
