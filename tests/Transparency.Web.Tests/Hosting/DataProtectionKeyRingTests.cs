using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Transparency.Core.Demo;

namespace Transparency.Web.Tests.Hosting;

/// <summary>
/// The key ring that protects sign-in cookies and forms lives in the store, so every instance shares it; with a
/// certificate configured (<c>DataProtection:CertificatePath</c>) the stored keys are encrypted with it.
/// </summary>
public sealed class DataProtectionKeyRingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_sign_in_keeps_its_key_in_the_store()
    {
        await using var app = new TransparencyAppFactory();
        await app.InitializeAsync();

        using var _ = await app.SignInAsync(TransparencyAppFactory.DemoUser("E00001"));

        var xml = await KeyXmlAsync(app);
        Assert.Contains("<masterKey", xml);
        Assert.DoesNotContain("<encryptedSecret", xml);
    }

    [Fact]
    public async Task With_a_certificate_the_stored_key_is_encrypted()
    {
        var folder = Directory.CreateTempSubdirectory("transparency-keyring-");
        try
        {
            var pfx = Path.Combine(folder.FullName, "keyring.pfx");
            using (var rsa = RSA.Create(2048))
            {
                var request = new CertificateRequest("CN=Transparency key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
                await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "key-ring-password"), Ct);
            }
            await using var app = new CertificateAppFactory(pfx, "key-ring-password");
            await app.InitializeAsync();

            using var _ = await app.SignInAsync(TransparencyAppFactory.DemoUser("E00001"));

            var xml = await KeyXmlAsync(app);
            Assert.Contains("<encryptedSecret", xml);
            Assert.DoesNotContain("<value>", xml);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task<string> KeyXmlAsync(TransparencyAppFactory app)
    {
        await using var db = await app.Store.Contexts.CreateDbContextAsync(Ct);
        var keys = await db.DataProtectionKeys.Select(k => k.Xml).ToListAsync(Ct);
        return Assert.Single(keys)!;
    }

    private sealed class CertificateAppFactory(string path, string password) : TransparencyAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("DataProtection:CertificatePath", path);
            builder.UseSetting("DataProtection:CertificatePassword", password);
        }
    }
}
