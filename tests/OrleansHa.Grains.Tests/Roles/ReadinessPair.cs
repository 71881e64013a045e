using OrleansHa.Destinations;
using OrleansHa.FileSets;
using OrleansHa.Journals;
using OrleansHa.Roles;
using OrleansHa.Settings;
using OrleansHa.Systems;
using OrleansHa.Users;

namespace OrleansHa.Grains.Tests.Roles;

/// <summary>
/// Hand-built descriptions of a PROD/BACKUP pair that is ready for a switch-over: user alice alike on both, a
/// destination each way, file set alice/docs and its reverse, journal orders with a receiver each way, nothing behind,
/// a recent successful run, clocks in step. Tests change one thing and look at what the check says.
/// </summary>
internal static class ReadinessPair
{
    public const string Prod = "PROD";
    public const string Backup = "BACKUP";
    public const string ProdSource = "/prod/alice/docs";
    public const string Replica = "/backup/alice/docs";

    public static readonly DateTimeOffset Now = new(2026, 12, 2, 17, 0, 0, TimeSpan.Zero);

    public static UserDefinition Alice(string root) => new("alice", 1001, 1001, 5, [root]);

    public static SystemDescription Production() => new(
        Prod,
        new RoleGate(Prod, 3, SystemRole.Production, HaGroupPhase.Steady, Prod, null),
        new SettingsDocument(
            SettingsDocument.FormatName, SettingsDocument.CurrentVersion, Now,
            [new UserSettings(Alice("/prod/alice"), false)],
            [new DestinationSettings(new DestinationDefinition("TOBACKUP", DestinationTransport.Silo, null, "10.0.0.2:30000", Backup, "backup-admin"), true),
             new DestinationSettings(new DestinationDefinition("ARCHIVE", DestinationTransport.Local, "/archive", null, null, null), true)],
            [new FileSetSettings(FileSet(ProdSource, new FileSetTarget("TOBACKUP", Replica), new FileSetTarget("ARCHIVE", "docs")), false)]),
        [new JournalDescription("orders", Journal(Backup), Status("orders", 40, new ReceiverStatus(Backup, "10.0.0.2:30000", true, 40, 0, 0, 0, null, Now)), [])],
        [new FileSetLastSuccess("alice/docs", "TOBACKUP", Now.AddMinutes(-10)), new FileSetLastSuccess("alice/docs", "ARCHIVE", null)],
        Now);

    public static SystemDescription BackupSide() => new(
        Backup,
        new RoleGate(Backup, 3, SystemRole.Backup, HaGroupPhase.Steady, Prod, "10.0.0.1:30000"),
        new SettingsDocument(
            SettingsDocument.FormatName, SettingsDocument.CurrentVersion, Now,
            [new UserSettings(Alice("/backup/alice"), false)],
            [new DestinationSettings(new DestinationDefinition("TOPROD", DestinationTransport.Silo, null, "10.0.0.1:30000", Prod, "prod-admin"), true)],
            [new FileSetSettings(FileSet(Replica, new FileSetTarget("TOPROD", ProdSource)), false)]),
        [new JournalDescription("orders", Journal(Prod), Status("orders", 0, new ReceiverStatus(Prod, "10.0.0.1:30000", true, 0, 0, 0, 0, null, null)),
            [new RemoteJournalStatus("orders@PROD", 40, 40, 0, 0, 0, 0, Now)])],
        [new FileSetLastSuccess("alice/docs", "TOPROD", null)],
        Now);

    public static FileSetDefinition FileSet(string source, params FileSetTarget[] targets)
        => new("alice", "docs", source, [], [], targets, "default", "every 15m", 1, new FileSetOptions());

    public static JournalDefinition Journal(string receiver)
        => new([new RemoteSystemAddress(receiver, "10.0.0.9:30000", "cred")], []);

    public static JournalStatus Status(string name, long last, params ReceiverStatus[] receivers)
        => new(name, true, last, 0, 0, JournalDefinition.DefaultQueueLimit, receivers);

    public static SystemDescription WithSettings(this SystemDescription system, Func<SettingsDocument, SettingsDocument> change)
        => system with { Settings = change(system.Settings) };
}
