using System.Net;
using Microsoft.EntityFrameworkCore;
using Transparency.Core.EventStore;
using Transparency.Testing;
using Transparency.Web.Components.Shared;
using Transparency.Web.Tests.Hosting;

namespace Transparency.Web.Tests.Pages;

/// <summary>The record page through the real app: sign-in, routing, authorization and the prerendered HTML a browser gets.</summary>
public sealed class RecordPageOverHttpTests(TransparencyAppFactory app) : IClassFixture<TransparencyAppFactory>
{
    [Fact]
    public async Task An_employee_sees_their_own_record()
    {
        var ct = TestContext.Current.CancellationToken;
        var record = await RecordOfAsync("E00001", CaptureKind.Keystrokes, ct);
        var client = await app.ClientForAsync("E00001");

        using var response = await client.GetAsync($"/my/records/{record.Id}", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await TransparencyAppFactory.ParseAsync(response, ct);
        Assert.Equal(record.Summary, page.QuerySelector("h1")?.TextContent.Trim());
        var text = TransparencyAppFactory.VisibleText(page);
        Assert.Contains(record.Id.ToString(), text);
        Assert.Contains(record.DeviceId!, text);
        Assert.Equal("hello", page.QuerySelector("[data-testid='typed-text']")?.TextContent);
    }

    [Fact]
    public async Task Another_employees_record_is_not_found_and_shows_none_of_its_content()
    {
        var ct = TestContext.Current.CancellationToken;
        var others = await RecordOfAsync("E00004", CaptureKind.PointerTrajectory, ct);
        var client = await app.ClientForAsync("E00001");

        using var response = await client.GetAsync($"/my/records/{others.Id}", ct);
        using var unknown = await client.GetAsync($"/my/records/{Guid.NewGuid()}", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await TransparencyAppFactory.ParseAsync(response, ct);
        Assert.Equal("Record not found", page.QuerySelector("h1")?.TextContent.Trim());
        var html = await response.Content.ReadAsStringAsync(ct);
        Assert.DoesNotContain(others.Summary!, html);
        Assert.DoesNotContain(others.DeviceId!, html);
        Assert.DoesNotContain("hello", html);
        Assert.DoesNotContain(others.Id.ToString(), TransparencyAppFactory.VisibleText(page));
        Assert.Equal(
            TransparencyAppFactory.VisibleText(await TransparencyAppFactory.ParseAsync(unknown, ct)),
            TransparencyAppFactory.VisibleText(page));
    }

    [Fact]
    public async Task An_anonymous_visitor_is_sent_to_sign_in()
    {
        var ct = TestContext.Current.CancellationToken;
        var record = await RecordOfAsync("E00001", CaptureKind.Keystrokes, ct);
        using var client = app.CreateBrowserClient();
        var path = $"/my/records/{record.Id}";

        using var response = await client.GetAsync(path, ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = Assert.IsType<Uri>(response.Headers.Location).OriginalString;
        Assert.Contains("/dev/sign-in", location);
        Assert.Contains("ReturnUrl=" + Uri.EscapeDataString(path), location, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("hello", await response.Content.ReadAsStringAsync(ct));
    }

    [Fact]
    public async Task Typed_markup_reaches_the_browser_as_text()
    {
        var ct = TestContext.Current.CancellationToken;
        const string typed = "<script>alert(1)</script><img src=x onerror=alert(2)>";
        var record = TestData.Record("E00006", DateTime.UtcNow.AddMinutes(-30), CaptureKind.Keystrokes);
        record.Content!.Json = System.Text.Json.JsonSerializer.Serialize(new { text = typed, keyCount = typed.Length, durationMs = 9000 });
        await using (var db = await app.Store.Contexts.CreateDbContextAsync(ct))
        {
            db.CaptureRecords.Add(record);
            await db.SaveChangesAsync(ct);
        }
        var client = await app.ClientForAsync("E00006");

        using var response = await client.GetAsync($"/my/records/{record.Id}", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(ct);
        Assert.DoesNotContain("<script>alert", html);
        Assert.DoesNotContain("<img src=x", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;", html);
        var page = await TransparencyAppFactory.ParseAsync(response, ct);
        Assert.Equal(typed, page.QuerySelector("[data-testid='typed-text']")?.TextContent);
    }

    [Fact]
    public async Task The_script_on_every_page_tells_the_server_the_readers_time_zone()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await app.ClientForAsync("E00001");

        using var response = await client.GetAsync("/js/layout.js", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        var script = await response.Content.ReadAsStringAsync(ct);
        Assert.Contains("Intl.DateTimeFormat().resolvedOptions().timeZone", script);
        // The cookie the server reads (LocalTimes.Of), kept across the app's pages.
        Assert.Contains($"document.cookie = `{LocalTimes.Cookie}=${{zone}}; path=/;", script);
    }

    private async Task<CaptureRecord> RecordOfAsync(string employeeId, CaptureKind kind, CancellationToken ct)
    {
        await using var db = await app.Store.Contexts.CreateDbContextAsync(ct);
        return await db.CaptureRecords.AsNoTracking().FirstAsync(r => r.EmployeeId == employeeId && r.Kind == kind, ct);
    }
}
