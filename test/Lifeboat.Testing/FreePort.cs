using System.Net;
using System.Net.Sockets;

namespace Lifeboat.Testing;

/// <summary>Loopback TCP ports for servers started by tests.</summary>
public static class FreePort
{
    /// <summary>
    /// A port nothing listens on at this moment on 127.0.0.1 (the kernel picks it). Another process may
    /// take it before the caller binds it; fixtures retry on "Address already in use".
    /// </summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>True when a TCP connection to 127.0.0.1:<paramref name="port"/> is refused (nothing listens).</summary>
    public static async Task<bool> IsClosedAsync(int port, CancellationToken cancellationToken = default)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return false;
        }
        catch (SocketException exception) when (exception.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return true;
        }
    }
}
