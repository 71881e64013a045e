using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;

namespace OrleansHa.Silo.Hosting;

/// <summary>Turns an exception that stopped the silo into one line naming the problem and what to do, and the exit code.</summary>
internal static class SiloStartFailure
{
    /// <summary>Exit code for a setting or a file the operator gives that is wrong.</summary>
    public const int ConfigurationError = 2;

    /// <summary>Exit code for anything else that stopped the silo.</summary>
    public const int RuntimeError = 1;

    public static (string Reason, int ExitCode) Describe(Exception error, SiloSettings settings)
    {
        var chain = Flatten(error).ToList();
        if (chain.OfType<SiloConfigurationException>().FirstOrDefault() is { } configuration)
        {
            return (configuration.Message, ConfigurationError);
        }

        if (chain.OfType<InvalidDataException>().FirstOrDefault() is { } data)
        {
            // The credentials file or the signing key: its message names the file and the fix.
            return (data.Message, ConfigurationError);
        }

        if (chain.Any(e => e is AddressInUseException || e is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }))
        {
            // Taken after the check before start: the silo's own listeners may still hold the others, so name all.
            return ($"one of {string.Join(", ", Endpoints(settings).Select(e => $"{e.Endpoint} ({e.Setting})"))} is {InUseAdvice}", RuntimeError);
        }

        if (chain.OfType<SocketException>().FirstOrDefault(e => e.SocketErrorCode == SocketError.AddressNotAvailable) is not null)
        {
            return ("an address to listen on is not an address of this machine: give Silo:Gateway, Silo:SiloEndpoint and Silo:Health as one of its addresses, 127.0.0.1, or 0.0.0.0.", ConfigurationError);
        }

        if (chain.OfType<UnauthorizedAccessException>().FirstOrDefault() is { } denied)
        {
            return ($"{denied.Message} Give the silo's user access to its data folder '{settings.DataFolder}' (owner, mode 700).", ConfigurationError);
        }

        var root = chain.FirstOrDefault(e => e is not AggregateException) ?? error;
        return ($"{root.GetType().Name}: {root.Message}", RuntimeError);
    }

    /// <summary>The endpoints another process listens on already, as one line, or null when all are free.</summary>
    public static string? BusyEndpoints(SiloSettings settings)
    {
        var busy = Endpoints(settings).Where(e => InUse(e.Endpoint)).Select(e => $"{e.Endpoint} ({e.Setting})").ToList();
        return busy.Count == 0 ? null : $"{string.Join(" and ", busy)} {(busy.Count == 1 ? "is" : "are")} {InUseAdvice}";
    }

    private const string InUseAdvice = "already in use by another process: stop that process (another silo on this machine?), or give this silo another port.";

    private static IEnumerable<(string Setting, IPEndPoint Endpoint)> Endpoints(SiloSettings settings)
        => [("Silo:Gateway", settings.Gateway), ("Silo:SiloEndpoint", settings.SiloEndpoint), ("Silo:Health", settings.Health)];

    private static bool InUse(IPEndPoint endpoint)
    {
        try
        {
            // With SO_REUSEADDR, as the silo's own listeners bind: connections of an earlier silo still closing (TIME_WAIT)
            // do not count, a process listening there does.
            using var listener = new TcpListener(endpoint);
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Start();
            return false;
        }
        catch (SocketException error) when (error.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static IEnumerable<Exception> Flatten(Exception error)
    {
        var pending = new Stack<Exception>([error]);
        while (pending.TryPop(out var current))
        {
            yield return current;
            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    pending.Push(inner);
                }
            }
            else if (current.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }
    }
}
