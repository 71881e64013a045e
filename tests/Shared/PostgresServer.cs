using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Npgsql;

namespace OrleansHa.Testing;

/// <summary>
/// A throw-away PostgreSQL server for tests and benchmarks: <c>initdb</c> into a fresh temp folder, <c>postgres</c> on a
/// free loopback port (TCP on 127.0.0.1 only, its unix socket in the folder, fsync and synchronous commit on, trust
/// authentication for user <c>postgres</c>). PostgreSQL refuses to run as root, so under root both run as the OS user
/// <c>postgres</c> (Debian's package creates it) through <c>runuser</c>, and the folder is handed to that user.
/// Linked into the test projects that need it (one source file, no project of its own).
/// </summary>
public sealed partial class PostgresServer : IAsyncDisposable
{
    private const string Superuser = "postgres";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly string _folder;
    private readonly string _binDirectory;
    private readonly bool _asPostgresUser;
    private readonly Process _process;
    private readonly OutputTail _output;
    private int _disposed;

    private PostgresServer(string folder, string binDirectory, bool asPostgresUser, Process process, OutputTail output, int port)
    {
        _folder = folder;
        _binDirectory = binDirectory;
        _asPostgresUser = asPostgresUser;
        _process = process;
        _output = output;
        Port = port;
    }

    /// <summary>The loopback TCP port the server listens on.</summary>
    public int Port { get; }

    private string DataDirectory => Path.Combine(_folder, "data");

    /// <summary>Creates the cluster, starts the server and returns once it accepts connections.</summary>
    /// <exception cref="InvalidOperationException">PostgreSQL is not installed, or initdb or the server failed; the message carries their output.</exception>
    public static async Task<PostgresServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var binDirectory = FindBinDirectory();
        var asPostgresUser = Environment.IsPrivilegedProcess;
        var folder = Path.Combine(Path.GetTempPath(), "orleansha-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        try
        {
            if (asPostgresUser)
            {
                await RunToEndAsync("chown", [Superuser, folder], cancellationToken);
            }

            string[] initdb =
            [
                "-D", Path.Combine(folder, "data"), "-U", Superuser, "--auth=trust", "--encoding=UTF8", "--locale=C",
                "--no-instructions", "--no-sync",
            ];
            await RunToEndAsync(Command(binDirectory, "initdb", asPostgresUser), Arguments(binDirectory, "initdb", asPostgresUser, initdb), cancellationToken);

            // Another process may take the free port between the probe and postgres' bind: then try another.
            for (var attempt = 1; ; attempt++)
            {
                var port = FreePort();
                var output = new OutputTail();
                var process = StartServer(binDirectory, asPostgresUser, folder, port, output);
                var server = new PostgresServer(folder, binDirectory, asPostgresUser, process, output, port);
                if (await server.WaitUntilReadyAsync(cancellationToken))
                {
                    return server;
                }

                await server.StopProcessAsync();
                if (attempt == 3 || !output.Text.Contains("could not bind", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException(
                        $"PostgreSQL in '{folder}' did not accept connections on 127.0.0.1:{port} within {StartTimeout.TotalSeconds:0} s. Its output:{Environment.NewLine}{output.Text}");
                }
            }
        }
        catch
        {
            TryDeleteFolder(folder);
            throw;
        }
    }

    /// <summary>Creates a database (a name of lower-case letters, digits and underscores) and returns an Npgsql connection string for it.</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        if (!DatabaseName().IsMatch(name))
        {
            throw new ArgumentException($"Database name '{name}' is not allowed: use 1 to 63 lower-case letters, digits and underscores, starting with a letter.", nameof(name));
        }

        await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await connection.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        return ConnectionString(name);
    }

    /// <summary>Stops the server (fast shutdown: open sessions end, committed data stays) and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        // Pooled connections to a stopped server are dead; drop them so a later server on the same port starts clean.
        NpgsqlConnection.ClearAllPools();
        await StopProcessAsync();
        TryDeleteFolder(_folder);
    }

    private string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = Superuser,
        Database = database,
    }.ConnectionString;

    private async Task<bool> WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        var probe = new NpgsqlConnectionStringBuilder(ConnectionString("postgres")) { Pooling = false, Timeout = 5 }.ConnectionString;
        while (deadline.Elapsed < StartTimeout && !_process.HasExited)
        {
            try
            {
                await using var connection = new NpgsqlConnection(probe);
                await connection.OpenAsync(cancellationToken);
                return true;
            }
            catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException)
            {
                // Still starting (refused, or "the database system is starting up"): poll again shortly.
                await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
            }
        }

        return false;
    }

    private async Task StopProcessAsync()
    {
        if (_process.HasExited)
        {
            _process.Dispose();
            return;
        }

        try
        {
            // pg_ctl signals the postmaster itself (runuser, our child, stays its parent and exits after it).
            await RunToEndAsync(
                Command(_binDirectory, "pg_ctl", _asPostgresUser),
                Arguments(_binDirectory, "pg_ctl", _asPostgresUser, ["stop", "-D", DataDirectory, "-m", "fast", "-w", "-t", "30"]),
                CancellationToken.None);
            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(exit.Token);
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static Process StartServer(string binDirectory, bool asPostgresUser, string folder, int port, OutputTail output)
    {
        string[] settings =
        [
            "-D", Path.Combine(folder, "data"), "-p", port.ToString(CultureInfo.InvariantCulture),
            "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=" + folder,
            "-c", "fsync=on", "-c", "synchronous_commit=on", "-c", "max_connections=200",
            "-c", "logging_collector=off", "-c", "log_min_messages=warning",
        ];
        var start = new ProcessStartInfo(Command(binDirectory, "postgres", asPostgresUser))
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in Arguments(binDirectory, "postgres", asPostgresUser, settings))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start '{start.FileName}'.");
        process.OutputDataReceived += (_, e) => output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => output.Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static string Command(string binDirectory, string tool, bool asPostgresUser)
        => asPostgresUser ? "runuser" : Path.Combine(binDirectory, tool);

    private static IEnumerable<string> Arguments(string binDirectory, string tool, bool asPostgresUser, IEnumerable<string> arguments)
        => asPostgresUser ? ["-u", Superuser, "--", Path.Combine(binDirectory, tool), .. arguments] : arguments;

    private static async Task RunToEndAsync(string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start '{fileName}'.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'{fileName} {string.Join(' ', start.ArgumentList)}' exited with {process.ExitCode}:{Environment.NewLine}{await stdout}{await stderr}");
        }
    }

    /// <summary>The newest installed PostgreSQL's bin folder (Debian: /usr/lib/postgresql/N/bin), else the folder of initdb on PATH.</summary>
    private static string FindBinDirectory()
    {
        const string Debian = "/usr/lib/postgresql";
        if (Directory.Exists(Debian))
        {
            var newest = Directory.GetDirectories(Debian)
                .Select(dir => (Dir: dir, Version: int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1))
                .Where(x => x.Version >= 0 && File.Exists(Path.Combine(x.Dir, "bin", "postgres")))
                .OrderByDescending(x => x.Version)
                .Select(x => Path.Combine(x.Dir, "bin"))
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest;
            }
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(dir => File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "postgres")));
        return onPath ?? throw new InvalidOperationException(
            $"PostgreSQL is not installed: no {Debian}/<version>/bin/postgres and no initdb on PATH. Install it (apt-get install postgresql) or run .ci/run, which does.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void TryDeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A temp folder left behind is harmless; a test must not fail for it.
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{0,62}$")]
    private static partial Regex DatabaseName();

    /// <summary>The server's last output lines, for the error when it does not start.</summary>
    private sealed class OutputTail
    {
        private readonly Queue<string> _lines = new();

        public string Text
        {
            get
            {
                lock (_lines)
                {
                    return string.Join(Environment.NewLine, _lines);
                }
            }
        }

        public void Add(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_lines)
            {
                _lines.Enqueue(line);
                if (_lines.Count > 40)
                {
                    _lines.Dequeue();
                }
            }
        }
    }
}
