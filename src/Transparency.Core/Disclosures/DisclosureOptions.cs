using Microsoft.Extensions.Configuration;

namespace Transparency.Core.Disclosures;

/// <summary>
/// What a disclosure states about the organisation rather than the employee: who the controller is, whom to ask, where to
/// complain (GDPR Art. 15(1)(f)), whether automated decisions are made (Art. 15(1)(h)) and where data goes outside the
/// EEA (Art. 15(2)). These are facts only the organisation knows, so each comes from configuration and none has a
/// default: start-up refuses to run without them rather than issue a disclosure that says something untrue.
/// </summary>
public sealed class DisclosureOptions
{
    public const string Section = "Disclosures";

    /// <summary>The employer as controller: name and postal address.</summary>
    public required string Controller { get; init; }

    /// <summary>Whom an employee contacts about their data: the data protection officer's address or mailbox.</summary>
    public required string PrivacyContact { get; init; }

    public required string SupervisoryAuthorityName { get; init; }
    public required string SupervisoryAuthorityAddress { get; init; }

    /// <summary>Whether decisions based solely on automated processing are made from this data, and if so their logic and effects.</summary>
    public required string AutomatedDecisions { get; init; }

    /// <summary>Transfers to third countries or international organisations and their safeguards (Art. 15(2)), or that there are none.</summary>
    public required string Transfers { get; init; }

    /// <summary>The settings, each named as in configuration.</summary>
    public static DisclosureOptions From(IConfiguration config)
    {
        var section = config.GetSection(Section);
        return new DisclosureOptions
        {
            Controller = Required(section, "Controller", "the employer's name and address as controller"),
            PrivacyContact = Required(section, "PrivacyContact", "whom employees contact about their data (the data protection officer)"),
            SupervisoryAuthorityName = Required(section, "SupervisoryAuthority:Name", "the supervisory authority an employee can complain to (GDPR Art. 15(1)(f))"),
            SupervisoryAuthorityAddress = Required(section, "SupervisoryAuthority:Address", "the supervisory authority's address (GDPR Art. 15(1)(f))"),
            AutomatedDecisions = Required(section, "AutomatedDecisions", "whether automated decisions are made from the captured data, and their logic (GDPR Art. 15(1)(h))"),
            Transfers = Required(section, "Transfers", "transfers outside the EEA and their safeguards, or that there are none (GDPR Art. 15(2))"),
        };
    }

    private static string Required(IConfigurationSection section, string key, string what)
    {
        var value = section[key];
        if (string.IsNullOrWhiteSpace(value))
            throw new InvalidOperationException(
                $"{Section}:{key} is not set. Every disclosure states {what}; set it in configuration (README, Configure it).");
        return value.Trim();
    }
}
