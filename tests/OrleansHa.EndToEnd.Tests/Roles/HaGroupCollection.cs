namespace OrleansHa.EndToEnd.Tests.Roles;

/// <summary>The test classes that share one <see cref="HaGroupFixture"/> (two silo processes are started once for them).</summary>
[CollectionDefinition(Name)]
public sealed class HaGroupCollection : ICollectionFixture<HaGroupFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "ha-group";
}
