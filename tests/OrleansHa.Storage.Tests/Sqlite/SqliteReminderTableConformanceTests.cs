using OrleansHa.Storage.Tests.Conformance;

namespace OrleansHa.Storage.Tests.Sqlite;

public sealed class SqliteReminderTableConformanceTests(SqliteFixture fixture)
    : ReminderTableConformanceTests, IClassFixture<SqliteFixture>
{
    protected override IReminderTable Table { get; } = new SqliteReminderTable(fixture.Database);
}
