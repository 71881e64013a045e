using System.Reflection;
using Orleans;
using Orleans.Runtime;
using OrleansHa.Runtime.Gateway.Calls;
using OrleansHa.Runtime.Invocation;
using OrleansHa.Runtime.Serialization;

namespace OrleansHa.Runtime.Gateway.Client;

/// <summary>
/// Sends grain calls to a silo through its gateway. Holds one connection at a time, shared by all calls; when it
/// drops, calls in flight fail with <see cref="SiloUnavailableException"/> and the next call connects again.
/// Grain references come from <see cref="GrainFactory"/>.
/// </summary>
public sealed class GatewayClient : IGrainCallInvoker, IAsyncDisposable
{
    private readonly GatewayClientOptions _options;
    private readonly GatewayCallCodec _codec;
    private readonly SemaphoreSlim _connectGate = new(1, 1);
    private readonly IGrainTypeResolver? _fallbackResolver;
    private readonly List<GatewayClientConnection> _retired = [];
    private volatile GatewayClientConnection? _connection;
    private bool _disposed;

    private GatewayClient(GatewayClientOptions options, GatewayCallCodec codec, GatewayClientConnection? connection, GatewayReferenceCodec references, IServiceProvider? services, IGrainTypeResolver? fallbackResolver)
    {
        _options = options;
        _codec = codec;
        _connection = connection;
        _fallbackResolver = fallbackResolver;
        GrainFactory = new GrainReferenceFactory(this, new GatewayGrainTypeResolver(ResolverNow), services ?? new ClientServices(this));
        references.Factory = GrainFactory;
    }

    /// <summary>The gateway address this client calls.</summary>
    public string Gateway => _options.Gateway;

    /// <summary>The connected system's name (from the latest handshake); null before the first connection.</summary>
    public string? SystemName => _connection?.SystemName;

    /// <summary>Who the silo authenticated this client as; null before the first connection.</summary>
    public GatewayPrincipal? Principal => _connection?.Principal;

    /// <summary>Grain references whose calls go through this client.</summary>
    public IClusterClient GrainFactory { get; }

    /// <summary>
    /// Connects and logs in. Throws <see cref="SiloUnavailableException"/> (naming the address) when no silo answers,
    /// <see cref="GatewayAuthenticationException"/> when the credential is refused.
    /// </summary>
    public static async Task<GatewayClient> ConnectAsync(GatewayClientOptions options, IServiceProvider? services, CancellationToken cancellationToken)
    {
        CheckCredential(options);
        var references = new GatewayReferenceCodec();
        var codec = new GatewayCallCodec(new BinarySerializer(references));
        var connection = await GatewayClientConnection.ConnectAsync(options, codec, cancellationToken);
        return new GatewayClient(options, codec, connection, references, services, fallbackResolver: null);
    }

    /// <summary>
    /// A client that connects on its first call, so an unreachable silo shows up on calls (as
    /// <see cref="SiloUnavailableException"/> naming the address) rather than here. Until the first handshake, grain
    /// interfaces resolve with <paramref name="fallbackResolver"/> (a silo reaching a system that runs the same grains
    /// passes its own table).
    /// </summary>
    public static GatewayClient CreateLazy(GatewayClientOptions options, IGrainTypeResolver fallbackResolver, IServiceProvider? services = null)
    {
        CheckCredential(options);
        var references = new GatewayReferenceCodec();
        var codec = new GatewayCallCodec(new BinarySerializer(references));
        return new GatewayClient(options, codec, connection: null, references, services, fallbackResolver);
    }

    /// <inheritdoc/>
    public Task<object?> InvokeAsync(GrainId target, MethodInfo interfaceMethod, object?[] arguments)
    {
        // The common case adds no state machine: the connection is up.
        var connection = _connection;
        return connection is { IsUsable: true }
            ? connection.InvokeAsync(target, interfaceMethod, arguments)
            : ReconnectAndInvokeAsync(connection, target, interfaceMethod, arguments);
    }

    /// <summary>The silo's status: name, uptime, activations, gateway connections.</summary>
    public async Task<GatewaySystemStatus> GetStatusAsync(CancellationToken cancellationToken)
    {
        var connection = _connection;
        if (connection is not { IsUsable: true })
        {
            connection = await ReconnectAsync(connection);
        }

        return await connection.GetStatusAsync().WaitAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _connectGate.WaitAsync();
        try
        {
            _disposed = true;
            if (_connection is { } connection)
            {
                await connection.DisposeAsync();
            }

            foreach (var retired in _retired)
            {
                await retired.DisposeAsync();
            }

            _retired.Clear();
        }
        finally
        {
            _connectGate.Release();
        }
    }

    private async Task<object?> ReconnectAndInvokeAsync(GatewayClientConnection? broken, GrainId target, MethodInfo interfaceMethod, object?[] arguments)
    {
        var connection = await ReconnectAsync(broken);
        return await connection.InvokeAsync(target, interfaceMethod, arguments);
    }

    private static void CheckCredential(GatewayClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrEmpty(options.User) || string.IsNullOrEmpty(options.Secret))
        {
            throw new ArgumentException("A gateway client needs a credential: set User and Secret (the silo refuses connections without one).", nameof(options));
        }
    }

    private IGrainTypeResolver ResolverNow()
        => (IGrainTypeResolver?)_connection?.GrainTypes ?? _fallbackResolver
            ?? throw new InvalidOperationException($"The client of {_options.Gateway} has not connected yet, so it cannot resolve grain interfaces.");

    private async Task<GatewayClientConnection> ReconnectAsync(GatewayClientConnection? broken)
    {
        await _connectGate.WaitAsync();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!ReferenceEquals(_connection, broken) && _connection is { } current)
            {
                return current; // Another caller reconnected already.
            }

            var fresh = await GatewayClientConnection.ConnectAsync(_options, _codec, CancellationToken.None);
            _connection = fresh;
            if (broken is { IsClosed: true })
            {
                await broken.DisposeAsync();
            }
            else if (broken is not null)
            {
                // Told GoAway: its calls are still being answered while the silo drains; the silo closes it after.
                _retired.Add(broken);
            }

            return fresh;
        }
        finally
        {
            _connectGate.Release();
        }
    }

    /// <summary>The services of a client made without a host: the client itself and its grain factory.</summary>
    private sealed class ClientServices(GatewayClient client) : IServiceProvider
    {
        public object? GetService(Type serviceType)
            => serviceType == typeof(GatewayClient) ? client
            : serviceType == typeof(IClusterClient) || serviceType == typeof(IGrainFactory) ? client.GrainFactory
            : null;
    }
}
