using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Transparency.OpenIdProvider;

/// <summary>
/// A throwaway certificate authority and one server certificate for 127.0.0.1 it issued, so the provider and
/// the app serve real HTTPS that their clients validate instead of skipping. Its files (PEM) live in a temp
/// folder that disappears with it.
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    /// <summary>Debian's bundle of trusted roots: the app process trusts these plus the test CA.</summary>
    public const string SystemBundle = "/etc/ssl/certs/ca-certificates.crt";

    private TestCertificateAuthority(string folder, X509Certificate2 authority, X509Certificate2 server)
    {
        Folder = folder;
        Authority = authority;
        ServerCertificate = server;
    }

    public string Folder { get; }

    /// <summary>The CA certificate (public part only).</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>The server certificate for 127.0.0.1 and localhost, with its private key.</summary>
    public X509Certificate2 ServerCertificate { get; }

    /// <summary>PEM of the server certificate and of its key, as Kestrel's <c>Certificates:Default:Path</c>/<c>KeyPath</c> read them.</summary>
    public string ServerCertificatePemPath => Path.Combine(Folder, "server.pem");
    public string ServerKeyPemPath => Path.Combine(Folder, "server.key.pem");

    /// <summary>
    /// The system's trusted roots plus the test CA: given as <c>SSL_CERT_FILE</c>, .NET on Linux (through OpenSSL)
    /// trusts the provider's certificate without the machine's trust store being touched.
    /// </summary>
    public string TrustBundlePath => Path.Combine(Folder, "ca-bundle.pem");

    public static TestCertificateAuthority Create()
    {
        var folder = Path.Combine(Path.GetTempPath(), "transparency-tls", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var now = DateTimeOffset.UtcNow;

        using var authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var authorityRequest = new CertificateRequest("CN=Transparency test CA, O=Transparency tests", authorityKey, HashAlgorithmName.SHA256);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        authorityRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(authorityRequest.PublicKey, false));
        using var authorityWithKey = authorityRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(7));

        var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authorityWithKey, true, false));
        using var serverPublic = serverRequest.Create(authorityWithKey, now.AddHours(-1), now.AddDays(6), RandomNumberGenerator.GetBytes(16));
        var server = serverPublic.CopyWithPrivateKey(serverKey);

        var authority = X509CertificateLoader.LoadCertificate(authorityWithKey.RawData);
        var ca = new TestCertificateAuthority(folder, authority, server);
        File.WriteAllText(ca.ServerCertificatePemPath, server.ExportCertificatePem());
        File.WriteAllText(ca.ServerKeyPemPath, serverKey.ExportPkcs8PrivateKeyPem());
        var system = File.Exists(SystemBundle) ? File.ReadAllText(SystemBundle) : "";
        File.WriteAllText(ca.TrustBundlePath, system.TrimEnd() + "\n" + authority.ExportCertificatePem() + "\n");
        return ca;
    }

    /// <summary>Validates a server certificate against this CA only (host name included), for the test's own HttpClients.</summary>
    public bool Validates(X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
            return true;
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
            return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var presented = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(presented);
    }

    /// <summary>An HttpClient handler that trusts this CA, keeps cookies in <paramref name="cookies"/> and never follows redirects.</summary>
    public SocketsHttpHandler CreateHandler(CookieContainer? cookies = null) => new()
    {
        AllowAutoRedirect = false,
        UseCookies = cookies is not null,
        CookieContainer = cookies ?? new CookieContainer(),
        SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, cert, _, errors) => Validates(cert, errors) },
    };

    public void Dispose()
    {
        Authority.Dispose();
        ServerCertificate.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
