using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Transparency.E2E.Production;

/// <summary>Reads a JWT and signs a changed copy (RS256), so a test can present the app a token that differs in one thing.</summary>
public static class IdTokens
{
    public static JsonObject Header(string jwt) => Part(jwt, 0);
    public static JsonObject Payload(string jwt) => Part(jwt, 1);

    /// <summary>A copy of <paramref name="jwt"/> with its header and payload changed, signed with <paramref name="key"/>.</summary>
    public static string Forge(string jwt, RSA key, Action<JsonObject>? payload = null, Action<JsonObject>? header = null)
    {
        var h = Header(jwt);
        var p = Payload(jwt);
        header?.Invoke(h);
        payload?.Invoke(p);
        return Sign(h, p, key);
    }

    public static string Sign(JsonObject header, JsonObject payload, RSA key)
    {
        header["alg"] = "RS256";
        var signed = $"{Encode(Encoding.UTF8.GetBytes(header.ToJsonString()))}.{Encode(Encoding.UTF8.GetBytes(payload.ToJsonString()))}";
        var signature = key.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signed}.{Encode(signature)}";
    }

    public static long UnixTime(DateTimeOffset at) => at.ToUnixTimeSeconds();

    private static JsonObject Part(string jwt, int index)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3)
            throw new FormatException($"Not a signed JWT (JWS compact serialisation): {jwt}");
        return JsonNode.Parse(Decode(parts[index]))!.AsObject();
    }

    private static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] Decode(string part)
    {
        var base64 = part.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '='));
    }
}
