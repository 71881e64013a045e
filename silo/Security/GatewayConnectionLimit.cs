using System.Net;
using Microsoft.AspNetCore.Connections;

namespace OrleansHa.Silo.Security;

/// <summary>
/// Caps the gateway's open client connections, in total and per client address, so one client (or a flood of
/// connections that never log in) cannot use up the silo. A connection over a cap is closed as it is accepted, before
/// TLS and before Orleans reads a byte of it, and logged. Orleans' gateway has no limit of its own; this runs as a
/// gateway inbound connection middleware (<see cref="Orleans.Configuration.SiloConnectionOptions"/>), where the TLS
/// middleware runs too.
/// </summary>
public sealed partial class GatewayConnectionLimit(int maxTotal, int maxPerAddress, ILogger logger)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<IPAddress, int> _perAddress = [];
    private int _total;

    /// <summary>Open gateway connections now.</summary>
    public int Open
    {
        get
        {
            lock (_gate)
            {
                return _total;
            }
        }
    }

    /// <summary>The middleware: passes a connection on while both caps allow it, for as long as it stays open.</summary>
    public ConnectionDelegate Middleware(ConnectionDelegate next) => async context =>
    {
        var address = (context.RemoteEndPoint as IPEndPoint)?.Address ?? IPAddress.None;
        if (!TryEnter(address, out var refusal))
        {
            LogRefused(logger, context.RemoteEndPoint?.ToString() ?? "unknown", refusal);
            context.Abort(new ConnectionAbortedException($"The gateway refused the connection: {refusal}."));
            return;
        }

        try
        {
            await next(context);
        }
        finally
        {
            Leave(address);
        }
    };

    private bool TryEnter(IPAddress address, out string refusal)
    {
        lock (_gate)
        {
            var fromAddress = _perAddress.GetValueOrDefault(address);
            if (_total >= maxTotal)
            {
                refusal = $"it has {_total} open client connections, the most Silo:MaxGatewayConnections allows";
                return false;
            }

            if (fromAddress >= maxPerAddress)
            {
                refusal = $"{address} has {fromAddress} open connections, the most Silo:MaxGatewayConnectionsPerAddress allows";
                return false;
            }

            _total++;
            _perAddress[address] = fromAddress + 1;
            refusal = string.Empty;
            return true;
        }
    }

    private void Leave(IPAddress address)
    {
        lock (_gate)
        {
            _total--;
            if (--_perAddress[address] == 0)
            {
                _perAddress.Remove(address);
            }
        }
    }

    [LoggerMessage(EventId = 3330, Level = LogLevel.Warning, Message = "Refused a gateway connection from {Remote}: {Refusal}")]
    private static partial void LogRefused(ILogger logger, string remote, string refusal);
}
