using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace OrleansHa.Silo.Hosting;

/// <summary>
/// The one address Orleans publishes for this silo's silo-to-silo and gateway endpoints (in the membership table, and
/// to clients): where other silos and clients reach it.
/// </summary>
internal static class SiloAdvertisedAddress
{
    /// <summary>
    /// <see cref="SiloSettings.AdvertisedAddress"/> when given; else the gateway's listening address when it is a
    /// specific one; else (listening on 0.0.0.0) loopback for one silo, and for a cluster this machine's first
    /// non-loopback IPv4 address, since other machines cannot reach a silo at 127.0.0.1.
    /// </summary>
    /// <exception cref="SiloConfigurationException">A cluster silo on 0.0.0.0 on a machine with no IPv4 address but loopback.</exception>
    public static IPAddress Resolve(SiloSettings settings)
    {
        if (settings.AdvertisedAddress is { } given)
        {
            return given;
        }

        var listening = settings.Gateway.Address;
        if (IPAddress.IsLoopback(listening))
        {
            return IPAddress.Loopback;
        }

        if (!listening.Equals(IPAddress.Any) && !listening.Equals(IPAddress.IPv6Any))
        {
            return listening;
        }

        if (settings.Cluster == SiloClusterKind.Localhost)
        {
            return IPAddress.Loopback;
        }

        return FirstNonLoopbackIPv4()
            ?? throw new SiloConfigurationException($"{SiloHostOptions.SectionName}:AdvertisedAddress is not set and this machine has no IPv4 address but loopback: give the address other silos reach this one at (--advertised-address).");
    }

    private static IPAddress? FirstNonLoopbackIPv4()
        => NetworkInterface.GetAllNetworkInterfaces()
            .Where(i => i.OperationalStatus == OperationalStatus.Up && i.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
}
