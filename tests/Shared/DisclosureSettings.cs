namespace Transparency.Testing;

/// <summary>
/// The organisation's statements every disclosure carries (<c>Disclosures:*</c>), for hosts that run outside Development,
/// where appsettings.Development.json is not read and start-up refuses to run without them.
/// </summary>
public static class DisclosureSettings
{
    public const string AuthorityName = "Test Supervisory Authority for Data Protection";

    public static IReadOnlyDictionary<string, string> All { get; } = new Dictionary<string, string>
    {
        ["Disclosures:Controller"] = "Test Employer GmbH, Teststraße 1, 10115 Berlin",
        ["Disclosures:PrivacyContact"] = "privacy@test.example",
        ["Disclosures:SupervisoryAuthority:Name"] = AuthorityName,
        ["Disclosures:SupervisoryAuthority:Address"] = "Prüfweg 2, 10117 Berlin",
        ["Disclosures:AutomatedDecisions"] = "No automated decisions are made from captured data.",
        ["Disclosures:Transfers"] = "No transfers outside the EEA.",
    };

    /// <summary>The same as environment variables (<c>Disclosures__Controller</c>).</summary>
    public static IEnumerable<KeyValuePair<string, string>> AsEnvironment() =>
        All.Select(s => KeyValuePair.Create(s.Key.Replace(":", "__", StringComparison.Ordinal), s.Value));
}
