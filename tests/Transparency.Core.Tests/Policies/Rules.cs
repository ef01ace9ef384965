using Transparency.Core.EventStore;
using Transparency.Testing;

namespace Transparency.Core.Tests.Policies;

/// <summary>Standing rules for tests; criteria left out match everything, as in the product.</summary>
public static class Rules
{
    public static StandingRule Rule(string employeeId, CaptureKind? kind = null, string? application = null, string? site = null,
        DateTime? capturedFrom = null, DateTime? capturedBefore = null, DateTime? removedAt = null) => new()
    {
        EmployeeId = employeeId,
        Id = Guid.NewGuid(),
        Kind = kind,
        Application = application,
        Site = site,
        CapturedFrom = capturedFrom,
        CapturedBefore = capturedBefore,
        CreatedAt = TestData.Now.AddDays(-400),
        RemovedAt = removedAt,
    };

    public static StandingRule GlobalOptOut(string employeeId, DateTime? removedAt = null) => Rule(employeeId, removedAt: removedAt);
}
