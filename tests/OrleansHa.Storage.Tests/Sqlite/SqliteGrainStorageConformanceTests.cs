using Orleans.Storage;
using OrleansHa.Storage.Tests.Conformance;

namespace OrleansHa.Storage.Tests.Sqlite;

public sealed class SqliteGrainStorageConformanceTests(SqliteFixture fixture)
    : GrainStorageConformanceTests, IClassFixture<SqliteFixture>
{
    protected override IGrainStorage Storage { get; } = new SqliteGrainStorage(fixture.Database);
}
