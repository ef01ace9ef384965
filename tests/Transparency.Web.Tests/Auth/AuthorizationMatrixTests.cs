using System.Net;
using System.Text.Json;
using Transparency.Core.Demo;
using Transparency.Core.Register;
using Transparency.Testing;
using Transparency.Web.Tests.Hosting;

namespace Transparency.Web.Tests.Auth;

/// <summary>
/// Every page and endpoint, asked for by each kind of visitor, over HTTP against the real app:
/// the status a browser gets and what the person then sees.
/// </summary>
public sealed class AuthorizationMatrixTests(TransparencyAppFactory app) : IClassFixture<TransparencyAppFactory>
{
    public const string Anonymous = "anonymous";

    /// <summary>An employee only, then one of each other role (each also an employee).</summary>
    public static readonly string[] SignedIn = ["E00001", "E00004", "E00005", "E00006"];
    public static readonly string[] Everyone = [Anonymous, .. SignedIn];

    /// <summary>The employee's own pages and the heading each opens with.</summary>
    public static readonly IReadOnlyDictionary<string, string> MyDataPages = new Dictionary<string, string>
    {
        ["/my/rules"] = "Standing rules",
        ["/my/access"] = "Who accessed my data",
        ["/my/export"] = "Download my data",
    };

    public enum Expect
    {
        /// <summary>302 to the sign-in page, carrying the address asked for.</summary>
        RedirectToSignIn,
        /// <summary>401 with no redirect: APIs and downloads are never sent to a sign-in page.</summary>
        Unauthorized,
        NotFound,
        SummaryOfSignedInEmployee,
        Register,
        DemoUserList,
        HealthyJson,
        OpenApiDocument,
        AccessDeniedNotice,
        /// <summary>One of the employee's own pages, with its heading.</summary>
        MyDataPage,
        /// <summary>The signed-in employee's personal data, as a zip attachment.</summary>
        ZipDownload,
        /// <summary>302 to the page that says the role does not open this page.</summary>
        RedirectToAccessDenied,
        /// <summary>403 with no redirect: a download the role may not have.</summary>
        Forbidden,
        /// <summary>The works council's usage report page, its figures rendered on the server, naming nobody.</summary>
        CouncilReport,
        /// <summary>The usage report as a CSV attachment: aggregates, no employee.</summary>
        CsvDownload,
        /// <summary>The usage report as a PDF attachment.</summary>
        PdfDownload,
        /// <summary>HR's page for finding an employee and downloading their disclosure.</summary>
        HrDisclosuresPage,
        /// <summary>E00001's disclosure as a PDF attachment, with their name and none of their records' content.</summary>
        EmployeeDisclosure,
        /// <summary>The signed-in employee's own disclosure.</summary>
        OwnDisclosure,
        /// <summary>The organisation-wide disclosure: the register and aggregates, nobody's name.</summary>
        OrganisationDisclosure,
        /// <summary>The public page that verifies a disclosure file.</summary>
        VerifyPage,
        /// <summary>One of the privacy officer's pages, with its heading (<see cref="ReviewPages"/>).</summary>
        ReviewPage,
    }

    /// <summary>The privacy officer's pages and the heading each opens with (a flag's page reads the flag once interactive).</summary>
    public static readonly IReadOnlyDictionary<string, string> ReviewPages = new Dictionary<string, string>
    {
        ["/review"] = "Flag review",
        ["/review?category=Other&kind=Keystrokes&age=7"] = "Flag review",
        ["/review/holds"] = "Legal holds",
        ["/review/activity"] = "Officers' activity",
        ["/review/purposes"] = "Purposes",
        ["/review/sensitive"] = "Sensitive contexts",
        ["/review/flags/E00001/01900000-0000-7000-8000-000000000001"] = "Flag",
    };

    /// <summary>The privacy officer: E00006.</summary>
    public const string PrivacyOfficer = "E00006";

    /// <summary>HR's role: E00005.</summary>
    public const string HrPartner = "E00005";

    public const string HrDownload = "/hr/disclosures/E00001.pdf?reason=Access%20request%20in%20the%20matrix";

    /// <summary>Who may see the works council's reports: its member (E00004) and the privacy officer (E00006).</summary>
    public static readonly string[] CouncilReaders = ["E00004", "E00006"];

    public static TheoryData<string, string, Expect> Matrix()
    {
        var rows = new TheoryData<string, string, Expect> { { "/", Anonymous, Expect.RedirectToSignIn } };
        foreach (var who in SignedIn)
            rows.Add("/", who, Expect.SummaryOfSignedInEmployee);
        foreach (var who in Everyone)
        {
            rows.Add("/register", who, Expect.Register);
            rows.Add("/dev/sign-in", who, Expect.DemoUserList);
            rows.Add("/healthz", who, Expect.HealthyJson);
            rows.Add("/openapi/v1.json", who, Expect.OpenApiDocument);
            rows.Add("/access-denied", who, Expect.AccessDeniedNotice);
        }
        foreach (var path in MyDataPages.Keys)
        {
            rows.Add(path, Anonymous, Expect.RedirectToSignIn);
            foreach (var who in SignedIn)
                rows.Add(path, who, Expect.MyDataPage);
        }
        rows.Add("/files/my/export.zip", Anonymous, Expect.Unauthorized);
        foreach (var who in SignedIn)
            rows.Add("/files/my/export.zip", who, Expect.ZipDownload);
        rows.Add("/council/reports", Anonymous, Expect.RedirectToSignIn);
        rows.Add("/council/reports/usage.csv", Anonymous, Expect.Unauthorized);
        rows.Add("/council/reports/usage.pdf", Anonymous, Expect.Unauthorized);
        foreach (var who in SignedIn)
        {
            var reads = CouncilReaders.Contains(who);
            rows.Add("/council/reports", who, reads ? Expect.CouncilReport : Expect.RedirectToAccessDenied);
            rows.Add("/council/reports/usage.csv", who, reads ? Expect.CsvDownload : Expect.Forbidden);
            rows.Add("/council/reports/usage.pdf", who, reads ? Expect.PdfDownload : Expect.Forbidden);
        }
        rows.Add("/hr/disclosures", Anonymous, Expect.RedirectToSignIn);
        rows.Add(HrDownload, Anonymous, Expect.Unauthorized);
        rows.Add("/hr/disclosures/organisation.pdf", Anonymous, Expect.Unauthorized);
        rows.Add("/my/disclosure.pdf", Anonymous, Expect.Unauthorized);
        foreach (var who in SignedIn)
        {
            var hr = who == HrPartner;
            rows.Add("/hr/disclosures", who, hr ? Expect.HrDisclosuresPage : Expect.RedirectToAccessDenied);
            rows.Add(HrDownload, who, hr ? Expect.EmployeeDisclosure : Expect.Forbidden);
            rows.Add("/hr/disclosures/organisation.pdf", who, hr ? Expect.OrganisationDisclosure : Expect.Forbidden);
            rows.Add("/my/disclosure.pdf", who, Expect.OwnDisclosure);
        }
        foreach (var who in Everyone)
            rows.Add("/verify", who, Expect.VerifyPage);
        foreach (var path in ReviewPages.Keys)
        {
            rows.Add(path, Anonymous, Expect.RedirectToSignIn);
            foreach (var who in SignedIn)
                rows.Add(path, who, who == PrivacyOfficer ? Expect.ReviewPage : Expect.RedirectToAccessDenied);
        }
        rows.Add("/api/v1/anything", Anonymous, Expect.Unauthorized);
        rows.Add("/files/anything", Anonymous, Expect.Unauthorized);
        // A forgotten [Authorize] fails closed: an address without a page still asks an anonymous visitor to sign in.
        rows.Add("/no-such-page", Anonymous, Expect.RedirectToSignIn);
        foreach (var who in SignedIn)
        {
            rows.Add("/api/v1/anything", who, Expect.NotFound);
            rows.Add("/files/anything", who, Expect.NotFound);
            rows.Add("/no-such-page", who, Expect.NotFound);
        }
        return rows;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Each_page_and_endpoint_answers_each_visitor_as_designed(string path, string who, Expect expect)
    {
        var ct = TestContext.Current.CancellationToken;
        var client = who == Anonymous ? app.CreateBrowserClient() : await app.ClientForAsync(who);
        using var response = await client.GetAsync(path, ct);

        switch (expect)
        {
            case Expect.RedirectToSignIn:
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                var location = Assert.IsType<Uri>(response.Headers.Location);
                Assert.Contains("/dev/sign-in", location.OriginalString);
                Assert.Contains("ReturnUrl=" + Uri.EscapeDataString(path), location.OriginalString, StringComparison.OrdinalIgnoreCase);
                break;

            case Expect.Unauthorized:
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
                Assert.Null(response.Headers.Location);
                break;

            case Expect.NotFound:
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
                Assert.Null(response.Headers.Location);
                break;

            case Expect.SummaryOfSignedInEmployee:
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var page = await TransparencyAppFactory.ParseAsync(response, ct);
                var user = TransparencyAppFactory.DemoUser(who);
                Assert.Equal("What was captured about you", page.QuerySelector("main h1")?.TextContent.Trim());
                Assert.Contains($"{user.DisplayName} · {TransparencyAppFactory.OrgUnitName}", TransparencyAppFactory.VisibleText(page));
                break;
            }

            case Expect.Register:
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var page = await TransparencyAppFactory.ParseAsync(response, ct);
                Assert.Equal("Processing register", page.QuerySelector("main h1")?.TextContent.Trim());
                var text = TransparencyAppFactory.VisibleText(page);
                Assert.Equal(3, ProcessingRegister.Defaults.Count);
                foreach (var purpose in ProcessingRegister.Defaults)
                {
                    Assert.Contains(purpose.Name, text);
                    Assert.Contains(purpose.LegalBasis, text);
                }
                break;
            }

            case Expect.DemoUserList:
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var page = await TransparencyAppFactory.ParseAsync(response, ct);
                var offered = page.QuerySelectorAll("form[action='/dev/sign-in'] input[name='user']").Select(i => i.GetAttribute("value")).ToList();
                Assert.Equal(DemoUsers.All.Select(u => u.SignInIdentity), offered);
                var names = page.QuerySelectorAll(".mud-card h2").Select(h => h.TextContent.Trim()).ToList();
                Assert.Equal(DemoUsers.All.Select(u => u.DisplayName), names);
                break;
            }

            case Expect.HealthyJson:
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
                Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
                break;
            }

            case Expect.OpenApiDocument:
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
                Assert.StartsWith("3.", json.RootElement.GetProperty("openapi").GetString());
                break;
            }

            case Expect.AccessDeniedNotice:
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var page = await TransparencyAppFactory.ParseAsync(response, ct);
                Assert.Contains("Not available to your role", TransparencyAppFactory.VisibleText(page));
                break;
            }

            case Expect.MyDataPage:
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var page = await TransparencyAppFactory.ParseAsync(response, ct);
                Assert.Equal(MyDataPages[path], Assert.Single(page.QuerySelectorAll("main h1")).TextContent.Trim());
                Assert.DoesNotContain("not linked to an employee", TransparencyAppFactory.VisibleText(page));
                break;
            }

            case Expect.ZipDownload:
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
                Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
                Assert.StartsWith($"transparency-{who}-", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
                break;
            }

            case Expect.RedirectToAccessDenied:
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                Assert.Contains("/access-denied", response.Headers.Location?.OriginalString);
                break;

            case Expect.Forbidden:
                Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
                Assert.Null(response.Headers.Location);
                break;

            case Expect.CouncilReport:
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var page = await TransparencyAppFactory.ParseAsync(response, ct);
                Assert.Equal("Usage report", Assert.Single(page.QuerySelectorAll("main h1")).TextContent.Trim());
                // The report comes with the page, which renders on the server: its figures, or that there are none yet.
                Assert.NotNull(page.QuerySelector("[data-testid='report-summary'], [data-testid='report-empty']"));
                Assert.NotNull(page.QuerySelector("a[data-testid='report-csv'][href^='/council/reports/usage.csv?']"));
                AssertNamesNobody(page.QuerySelector("main")!.TextContent);
                break;
            }

            case Expect.CsvDownload:
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
                Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
                var csv = await response.Content.ReadAsStringAsync(ct);
                Assert.Contains("Works council usage report", csv);
                Assert.Contains("Section,Row,Records captured", csv);
                AssertNamesNobody(csv);
                break;
            }

            case Expect.PdfDownload:
            {
                var text = await PdfTextAsync(response, ct);
                Assert.Contains("Works council usage report", text);
                AssertNamesNobody(text);
                break;
            }

            case Expect.ReviewPage:
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var page = await TransparencyAppFactory.ParseAsync(response, ct);
                Assert.Equal(ReviewPages[path], Assert.Single(page.QuerySelectorAll("main h1")).TextContent.Trim());
                Assert.NotNull(page.QuerySelector("nav a[href='/review/holds']"));
                break;
            }

            case Expect.HrDisclosuresPage:
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var page = await TransparencyAppFactory.ParseAsync(response, ct);
                Assert.Equal("Disclosures", Assert.Single(page.QuerySelectorAll("main h1")).TextContent.Trim());
                Assert.NotNull(page.QuerySelector("a[href='/hr/disclosures/organisation.pdf']"));
                break;
            }

            case Expect.EmployeeDisclosure:
            case Expect.OwnDisclosure:
            {
                var text = await PdfTextAsync(response, ct);
                var subject = TransparencyAppFactory.DemoUser(expect == Expect.OwnDisclosure ? who : "E00001");
                Assert.Contains($"{subject.DisplayName} (employee id {subject.EmployeeId})", text);
                Assert.Contains("(a) Purposes and legal bases", text);
                Assert.Contains(expect == Expect.OwnDisclosure ? "Issued to the employee" : "Access request in the matrix", text);
                // Figures only: neither the records' content nor their summaries.
                Assert.DoesNotContain("hello", text);
                Assert.DoesNotContain(" in Outlook", text);
                break;
            }

            case Expect.OrganisationDisclosure:
            {
                var text = await PdfTextAsync(response, ct);
                Assert.Contains("Organisation-wide disclosure", text);
                Assert.Contains("Processing register", text);
                AssertNamesNobody(text);
                break;
            }

            case Expect.VerifyPage:
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var page = await TransparencyAppFactory.ParseAsync(response, ct);
                Assert.Equal("Verify a disclosure", Assert.Single(page.QuerySelectorAll("main h1")).TextContent.Trim());
                Assert.NotNull(page.QuerySelector("input[type='file']#verify-file"));
                Assert.NotNull(page.QuerySelector("label[for='verify-file']"));
                break;
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(expect), expect, null);
        }
    }

    [Theory]
    [InlineData("E00001")]
    [InlineData("E00002")]
    [InlineData("E00004")]
    [InlineData("E00006")]
    public async Task Home_counts_only_the_signed_in_employees_own_records(string employeeId)
    {
        var client = await app.ClientForAsync(employeeId);

        using var response = await client.GetAsync("/", TestContext.Current.CancellationToken);

        var page = await TransparencyAppFactory.ParseAsync(response, TestContext.Current.CancellationToken);
        var figure = page.QuerySelector("[data-testid='figure-records']");
        Assert.NotNull(figure);
        var expected = TransparencyAppFactory.RecordsPerEmployee[employeeId];
        Assert.Equal(expected.ToString(), figure.QuerySelector("[data-value]")?.TextContent.Trim());
        Assert.Contains("Records captured", figure.TextContent);
    }

    [Fact]
    public async Task Signing_in_returns_to_the_page_first_asked_for()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = app.CreateBrowserClient();

        using var asked = await client.GetAsync("/?from=bookmark", ct);
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        using var signInPage = await client.GetAsync(asked.Headers.Location, ct);
        var page = await TransparencyAppFactory.ParseAsync(signInPage, ct);
        var form = page.QuerySelectorAll("form[action='/dev/sign-in']")
            .Single(f => f.QuerySelector("input[name='user']")?.GetAttribute("value") == TransparencyAppFactory.DemoUser("E00001").SignInIdentity);
        var fields = form.QuerySelectorAll("input[type='hidden']")
            .Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? ""));
        using var signedIn = await client.PostAsync("/dev/sign-in", new FormUrlEncodedContent(fields), ct);

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/?from=bookmark", signedIn.Headers.Location?.OriginalString);
        using var home = await client.GetAsync(signedIn.Headers.Location, ct);
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("Alex Morgan", TransparencyAppFactory.VisibleText(await TransparencyAppFactory.ParseAsync(home, ct)));
    }

    /// <summary>Aggregates only: no employee id and no employee's name is in it.</summary>
    private static void AssertNamesNobody(string text)
    {
        foreach (var user in DemoUsers.All)
        {
            Assert.DoesNotContain(user.EmployeeId, text);
            Assert.DoesNotContain(user.DisplayName, text);
        }
    }

    private static async Task<string> PdfTextAsync(HttpResponseMessage response, CancellationToken ct)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        return PdfText.All(await response.Content.ReadAsByteArrayAsync(ct));
    }
}
