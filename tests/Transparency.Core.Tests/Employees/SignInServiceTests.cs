using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Transparency.Core.Employees;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Testing;

namespace Transparency.Core.Tests.Employees;

/// <summary>
/// Who a sign-in is: an account is an employee's by its immutable object id alone; a sign-in name links an unlinked
/// employee once, when the operator asks for it, and never again; leavers cannot sign in; a session ends on sign-out,
/// when its employee leaves, and when a later sign-in of the same account no longer carries its roles.
/// </summary>
public sealed class SignInServiceTests
{
    private const string AdaObjectId = "0b6a1f0e-3c2d-4e5f-8a9b-000000000a0a";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(TestStore Store, SignInService SignIns, FakeTimeProvider Clock)> NewAsync(StoreProvider provider)
    {
        var store = await TestStore.CreateAsync(provider);
        await TestData.AddEmployeesAsync(store, "ADA", "BEN");
        var clock = new FakeTimeProvider(TestData.Now);
        return (store, new SignInService(store.Contexts, clock, NullLogger<SignInService>.Instance), clock);
    }

    private static async Task SetAsync(TestStore store, string employeeId, string? objectId = null, string? signInName = null, DateOnly? leavesOn = null)
    {
        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        var employee = await db.Employees.SingleAsync(e => e.Id == employeeId, Ct);
        employee.ObjectId = objectId ?? employee.ObjectId;
        employee.SignInIdentity = signInName ?? employee.SignInIdentity;
        employee.LeavesOn = leavesOn ?? employee.LeavesOn;
        await db.SaveChangesAsync(Ct);
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task An_account_is_the_employee_with_its_object_id_whatever_its_name(StoreProvider provider)
    {
        var (store, signIns, _) = await NewAsync(provider);
        await using var _ = store;
        await SetAsync(store, "ADA", objectId: AdaObjectId);

        var renamed = await signIns.MatchAsync(AdaObjectId, "ada.lovelace-renamed@test", linkBySignInName: false, Ct);

        Assert.Equal(AccountStatus.Linked, renamed.Status);
        Assert.Equal(new EmployeeId("ADA"), renamed.Employee!.Id);
        Assert.Equal("Test unit", renamed.Employee.OrgUnitName);
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task A_new_account_given_an_old_name_is_nobody(StoreProvider provider)
    {
        var (store, signIns, _) = await NewAsync(provider);
        await using var _ = store;
        await SetAsync(store, "ADA", objectId: AdaObjectId);

        var impostor = await signIns.MatchAsync(Guid.NewGuid().ToString(), "ada@test", linkBySignInName: true, Ct);

        Assert.Equal(AccountStatus.NotLinked, impostor.Status);
        Assert.Null(impostor.Employee);
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Without_the_first_sign_in_link_a_name_never_matches(StoreProvider provider)
    {
        var (store, signIns, _) = await NewAsync(provider);
        await using var _ = store;

        var match = await signIns.MatchAsync(AdaObjectId, "ada@test", linkBySignInName: false, Ct);

        Assert.Equal(AccountStatus.NotLinked, match.Status);
        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        Assert.Null(await db.Employees.Where(e => e.Id == "ADA").Select(e => e.ObjectId).SingleAsync(Ct));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task The_first_sign_in_links_by_name_once_and_then_only_the_object_id_counts(StoreProvider provider)
    {
        var (store, signIns, _) = await NewAsync(provider);
        await using var _ = store;

        var first = await signIns.MatchAsync(AdaObjectId, "ada@test", linkBySignInName: true, Ct);
        var later = await signIns.MatchAsync(AdaObjectId, "renamed@test", linkBySignInName: true, Ct);
        var otherAccountSameName = await signIns.MatchAsync(Guid.NewGuid().ToString(), "ada@test", linkBySignInName: true, Ct);

        Assert.Equal(new EmployeeId("ADA"), first.Employee!.Id);
        Assert.Equal(new EmployeeId("ADA"), later.Employee!.Id);
        Assert.Equal(AccountStatus.NotLinked, otherAccountSameName.Status);
        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        Assert.Equal(AdaObjectId, await db.Employees.Where(e => e.Id == "ADA").Select(e => e.ObjectId).SingleAsync(Ct));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task A_name_two_unlinked_employees_share_links_neither(StoreProvider provider)
    {
        var (store, signIns, _) = await NewAsync(provider);
        await using var _ = store;
        await SetAsync(store, "BEN", signInName: "ada@test");

        var match = await signIns.MatchAsync(AdaObjectId, "ada@test", linkBySignInName: true, Ct);

        Assert.Equal(AccountStatus.NotLinked, match.Status);
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task A_leaver_cannot_sign_in_after_their_last_day(StoreProvider provider)
    {
        var (store, signIns, clock) = await NewAsync(provider);
        await using var _ = store;
        var lastDay = DateOnly.FromDateTime(TestData.Now);
        await SetAsync(store, "ADA", objectId: AdaObjectId, leavesOn: lastDay);

        var onLastDay = await signIns.MatchAsync(AdaObjectId, null, linkBySignInName: false, Ct);
        clock.Advance(TimeSpan.FromDays(1));
        var dayAfter = await signIns.MatchAsync(AdaObjectId, null, linkBySignInName: false, Ct);

        Assert.Equal(AccountStatus.Linked, onLastDay.Status);
        Assert.Equal(AccountStatus.Left, dayAfter.Status);
        Assert.Null(dayAfter.Employee);
        Assert.Equal(lastDay, dayAfter.LeftOn);
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task A_session_ends_on_sign_out_on_expiry_and_when_its_employee_leaves(StoreProvider provider)
    {
        var (store, signIns, clock) = await NewAsync(provider);
        await using var _ = store;
        var signedOut = await signIns.StartSessionAsync("t/ada", new EmployeeId("ADA"), ["Employee"], TimeSpan.FromHours(8), Ct);
        var expiring = await signIns.StartSessionAsync("t/ada-2", new EmployeeId("ADA"), ["Employee"], TimeSpan.FromHours(1), Ct);
        var leaving = await signIns.StartSessionAsync("t/ben", new EmployeeId("BEN"), ["Employee"], TimeSpan.FromDays(3), Ct);

        Assert.NotNull(await signIns.ActiveSessionAsync(signedOut, Ct));
        await signIns.EndSessionAsync(signedOut, "signed-out", Ct);
        clock.Advance(TimeSpan.FromHours(2));
        await SetAsync(store, "BEN", leavesOn: DateOnly.FromDateTime(TestData.Now));
        var benBeforeLeaving = await signIns.ActiveSessionAsync(leaving, Ct);
        clock.Advance(TimeSpan.FromDays(1));

        Assert.Null(await signIns.ActiveSessionAsync(signedOut, Ct));
        Assert.Null(await signIns.ActiveSessionAsync(expiring, Ct));
        Assert.NotNull(benBeforeLeaving);
        Assert.Null(await signIns.ActiveSessionAsync(leaving, Ct));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task A_later_sign_in_without_a_role_ends_the_accounts_sessions_that_hold_it(StoreProvider provider)
    {
        var (store, signIns, _) = await NewAsync(provider);
        await using var _ = store;
        var withHr = await signIns.StartSessionAsync("t/ada", new EmployeeId("ADA"), ["Employee", "HR"], TimeSpan.FromHours(8), Ct);
        var employeeOnly = await signIns.StartSessionAsync("t/ada", new EmployeeId("ADA"), ["Employee"], TimeSpan.FromHours(8), Ct);
        var otherAccount = await signIns.StartSessionAsync("t/ben", new EmployeeId("BEN"), ["Employee", "HR"], TimeSpan.FromHours(8), Ct);

        var again = await signIns.StartSessionAsync("t/ada", new EmployeeId("ADA"), ["Employee"], TimeSpan.FromHours(8), Ct);

        Assert.Null(await signIns.ActiveSessionAsync(withHr, Ct));
        Assert.Equal(["Employee"], (await signIns.ActiveSessionAsync(employeeOnly, Ct))!.Roles);
        Assert.NotNull(await signIns.ActiveSessionAsync(otherAccount, Ct));
        Assert.NotNull(await signIns.ActiveSessionAsync(again, Ct));
        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        Assert.Equal("roles-changed", await db.UserSessions.Where(s => s.Id == withHr).Select(s => s.EndReason).SingleAsync(Ct));
    }
}
