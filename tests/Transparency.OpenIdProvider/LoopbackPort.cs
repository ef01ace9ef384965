using System.Net;
using System.Net.Sockets;

namespace Transparency.OpenIdProvider;

public static class LoopbackPort
{
    /// <summary>
    /// A port on 127.0.0.1 that is free now. Redirect URIs and the issuer must name the port before the server
    /// listens, so it is chosen first; another process taking it in between fails the start loudly.
    /// </summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
