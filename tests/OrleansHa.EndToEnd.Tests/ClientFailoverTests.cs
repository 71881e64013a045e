using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using OrleansHa.Connections;
using OrleansHa.EndToEnd.Tests.Infrastructure;
using OrleansHa.Status;
using OrleansHa.Testing;
using OrleansHa.Users;

namespace OrleansHa.EndToEnd.Tests;

/// <summary>
/// A client of a system of two silos (cluster azure on one Azurite, journals in one PostgreSQL, one credentials file and
/// signing key) that lists
/// both gateways rides through the SIGKILL of one silo: every call it makes during and after the kill succeeds, the
/// ones the kill cut off repeated through the other gateway, and the grains that lived on the dead silo answer again.
/// </summary>
public sealed class ClientFailoverTests : IAsyncLifetime
{
    private const string SystemName = "PROD";
    private readonly TempFolder _folder = new();
    private AzuriteProcess _azurite = null!;
    private PostgresServer _postgres = null!;
    private SiloProcess _first = null!;
    private SiloProcess _second = null!;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteProcess.StartAsync(Directory.CreateDirectory(Path.Combine(_folder.Path, "azurite")).FullName);
        _postgres = await PostgresServer.StartAsync();
        var journals = await _postgres.CreateDatabaseAsync("client_failover");
        var shared = Directory.CreateDirectory(Path.Combine(_folder.Path, "shared")).FullName;
        string[] arguments =
        [
            "--cluster", "azure", "--azure-connection-string", _azurite.ConnectionString,
            "--journal-store", "postgres", "--journal-connection-string", journals,
            "--credentials-file", Path.Combine(shared, "credentials.json"), "--signing-key-file", Path.Combine(shared, "silo.key"),
        ];

        // One after the other: the first writes the shared credentials file and signing key the second reads.
        _first = new SiloProcess(Path.Combine(_folder.Path, "silo-1"), SystemName);
        await _first.StartAsync(arguments);
        _second = new SiloProcess(Path.Combine(_folder.Path, "silo-2"), SystemName);
        await _second.StartAsync(arguments);
    }

    public async Task DisposeAsync()
    {
        await _second.DisposeAsync();
        await _first.DisposeAsync();
        await _postgres.DisposeAsync();
        await _azurite.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task Calls_WhenASiloTheClientIsConnectedToIsKilled_CarryOnThroughTheOtherGateway()
    {
        var repeats = new RepeatWatch();
        using var loggers = new LoggerFactory([repeats]);
        await using var connection = await SystemConnection.ConnectAsync(
            new SystemConnectionOptions
            {
                SystemName = SystemName,
                Gateways = [_first.Gateway, _second.Gateway],
                Secret = SiloProcess.DefaultSecret,
                // A call in flight on the killed gateway gets no answer: it is repeated once its answer is this late.
                ResponseTimeout = TimeSpan.FromSeconds(5),
            },
            loggers);
        var client = connection.Client;

        // Enough grains that some live on each silo (placement spreads them), each defined once before the load.
        var users = Enumerable.Range(0, 24).Select(i => $"failover-{i}").ToArray();
        for (var i = 0; i < users.Length; i++)
        {
            await client.GetGrain<IUserGrain>(users[i]).DefineAsync(new UserDefinition(users[i], 4000 + i, 4000 + i, 1, [$"/home/{users[i]}"]), allowUpdate: true);
        }

        var failures = new ConcurrentQueue<Exception>();
        var answeredAfterKill = new ConcurrentDictionary<string, bool>();
        var everyoneAnsweredAfterKill = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var roundsBeforeKill = new CountdownEvent(4);
        var killed = 0;
        using var stop = new CancellationTokenSource();

        async Task LoadAsync(int lane)
        {
            var round = 0;
            while (!stop.IsCancellationRequested)
            {
                foreach (var user in users.Skip(lane).Concat(users.Take(lane)))
                {
                    var startedAfterKill = Volatile.Read(ref killed) == 1;
                    try
                    {
                        var grain = client.GetGrain<IUserGrain>(user);
                        var info = lane % 2 == 0 ? await grain.GetAsync() : await grain.SetSuspendedAsync(false);
                        Assert.Equal(user, info!.Definition.Name);
                        await client.GetGrain<IStatusGrain>("system").PingAsync();
                    }
                    catch (Exception error) when (error is not Xunit.Sdk.XunitException)
                    {
                        failures.Enqueue(error);
                        continue;
                    }

                    if (startedAfterKill && answeredAfterKill.TryAdd(user, true) && answeredAfterKill.Count == users.Length)
                    {
                        everyoneAnsweredAfterKill.TrySetResult();
                    }
                }

                if (++round == 1)
                {
                    roundsBeforeKill.Signal();
                }
            }
        }

        var lanes = Enumerable.Range(0, 4).Select(lane => Task.Run(() => LoadAsync(lane))).ToArray();
        Assert.True(roundsBeforeKill.Wait(TimeSpan.FromSeconds(60)), "The load did not make a round of calls within 60 s.");

        await _first.KillAsync();
        Volatile.Write(ref killed, 1);
        await everyoneAnsweredAfterKill.Task.WaitAsync(TimeSpan.FromSeconds(90));
        await stop.CancelAsync();
        await Task.WhenAll(lanes);

        Assert.True(failures.IsEmpty, $"{failures.Count} calls failed, e.g. {failures.FirstOrDefault()}");
        Assert.True(repeats.Count > 0, "No call was repeated: the kill cut nothing off, so this test proved nothing.");
    }

    [Fact]
    public async Task CliStatus_WhenTheFirstGatewayOfItsListIsKilled_AnswersThroughTheSecond()
    {
        await _first.KillAsync();

        var (exitCode, output, error) = await CliProcess.RunAsync(null, "status", "--json", "--system", SystemName, "--gateway", $"{_first.Gateway},{_second.Gateway}", "--password", SiloProcess.DefaultSecret);

        Assert.True(exitCode == 0, $"exit {exitCode}: {error}");
        Assert.Contains(SystemName, output, StringComparison.Ordinal);
    }

    /// <summary>Counts the client's "repeating the call" log lines (event 7000 of the retry filter).</summary>
    private sealed class RepeatWatch : ILoggerProvider, ILogger
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id == 7000)
            {
                Interlocked.Increment(ref _count);
            }
        }

        public void Dispose()
        {
        }
    }
}
