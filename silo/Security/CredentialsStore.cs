using System.Text.Json;
using OrleansHa.Security;

namespace OrleansHa.Silo.Security;

/// <summary>
/// The silo's credentials file: checks logins against its accounts and hands out the credentials this silo uses at
/// other systems. Created on first start (mode 0600) with one administrator account; a generated secret is written
/// to standard error once, never to a log file. Re-read when the file changes, so accounts can be added without a
/// restart; every load refuses a file that others than its owner may read.
/// </summary>
public sealed partial class CredentialsStore(string path, ILogger<CredentialsStore> logger, TextWriter? console = null)
{
    /// <summary>The administrator's account name.</summary>
    public const string AdministratorName = "admin";

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true };

    private readonly Lock _gate = new();
    private CredentialsDocument _document = new();
    private DateTime _loadedWriteTime;

    /// <summary>The file's full path.</summary>
    public string Path { get; } = path;

    /// <summary>
    /// Loads the file, or creates it with an administrator account when it does not exist
    /// (<paramref name="initialAdministratorSecret"/>, or a random secret that is logged once).
    /// </summary>
    /// <exception cref="InvalidDataException">The file exists but is not a valid credentials file.</exception>
    public void LoadOrCreate(string? initialAdministratorSecret)
    {
        if (!File.Exists(Path))
        {
            var secret = string.IsNullOrEmpty(initialAdministratorSecret) ? SecretHasher.NewSecret() : initialAdministratorSecret;
            var (salt, hash) = SecretHasher.Hash(secret);
            var created = new CredentialsDocument
            {
                Accounts = [new CredentialAccount { Name = AdministratorName, Role = CallerPrincipal.AdministratorRole, Salt = salt, Hash = hash, Iterations = SecretHasher.Iterations }],
            };
            Write(created);
            if (string.IsNullOrEmpty(initialAdministratorSecret))
            {
                // The secret goes to the terminal only: log files are kept, shipped and read by others.
                (console ?? Console.Error).WriteLine($"OrleansHa: created {Path}. The '{AdministratorName}' secret is {secret} — shown only this once and stored only as a hash; note it now.");
                LogGeneratedSecret(logger, Path, AdministratorName);
            }
            else
            {
                LogCreatedWithConfiguredSecret(logger, Path, AdministratorName);
            }
        }

        Reload();
    }

    /// <summary>The account <paramref name="user"/> with its role when <paramref name="secret"/> is its secret, else null.</summary>
    public (string Name, string Role)? Authenticate(string user, string secret)
    {
        ReloadIfChanged();
        CredentialAccount? account;
        lock (_gate)
        {
            account = _document.Accounts.FirstOrDefault(a => string.Equals(a.Name, user, StringComparison.Ordinal));
        }

        // Verify even for an unknown user, so timing does not tell which user names exist.
        var valid = SecretHasher.Verify(secret, account?.Salt ?? "AAAAAAAAAAAAAAAAAAAAAA==", account?.Hash ?? "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", account?.Iterations ?? SecretHasher.Iterations);
        return valid && account is not null ? (account.Name, account.Role) : null;
    }

    /// <summary>The credential named <paramref name="name"/> for another system, or null.</summary>
    public RemoteCredential? FindRemote(string name)
    {
        ReloadIfChanged();
        lock (_gate)
        {
            return _document.Remotes.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.Ordinal));
        }
    }

    private void ReloadIfChanged()
    {
        if (File.GetLastWriteTimeUtc(Path) != _loadedWriteTime)
        {
            try
            {
                Reload();
            }
            catch (InvalidDataException error)
            {
                // Keep serving with what was loaded; the operator sees why the edit was not taken.
                LogReloadFailed(logger, Path, error.Message);
            }
        }
    }

    private void Reload()
    {
        var writeTime = File.GetLastWriteTimeUtc(Path);
        SecretFile.RequireOwnerOnly(Path, "credentials file");
        CredentialsDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<CredentialsDocument>(File.ReadAllText(Path), JsonOptions);
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"The credentials file '{Path}' is not valid JSON ({error.Message}): fix it, or move it away to have a new one made with a new administrator secret (accounts and remote credentials in it are then lost).", error);
        }

        if (document is null || document.Version != 1)
        {
            throw new InvalidDataException($"The credentials file '{Path}' has version {document?.Version}: allowed is 1. Fix it, or move it away to have a new one made.");
        }

        foreach (var account in document.Accounts)
        {
            if (string.IsNullOrEmpty(account.Name) || account.Role is not (CallerPrincipal.AdministratorRole or CallerPrincipal.UserRole) || account.Iterations < 1)
            {
                throw new InvalidDataException($"The credentials file '{Path}' has an invalid account '{account.Name}': each needs a name, a role of 'administrator' or 'user', a salt, a hash and iterations ≥ 1.");
            }
        }

        lock (_gate)
        {
            _document = document;
            _loadedWriteTime = writeTime;
        }
    }

    private void Write(CredentialsDocument document)
        => SecretFile.CreateOwnerOnly(Path, stream => JsonSerializer.Serialize(stream, document, JsonOptions));

    [LoggerMessage(EventId = 3200, Level = LogLevel.Warning,
        Message = "Created the credentials file {Path} with a generated '{Account}' secret, written to standard error only (never to a log); note it from there.")]
    private static partial void LogGeneratedSecret(ILogger logger, string path, string account);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Information, Message = "Created the credentials file {Path}; the '{Account}' secret is the configured Silo:InitialAdministratorSecret.")]
    private static partial void LogCreatedWithConfiguredSecret(ILogger logger, string path, string account);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Error, Message = "The credentials file {Path} changed but cannot be read; still using the previous contents: {Reason}")]
    private static partial void LogReloadFailed(ILogger logger, string path, string reason);
}
