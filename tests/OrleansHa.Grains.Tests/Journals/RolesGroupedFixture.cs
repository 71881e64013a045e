namespace OrleansHa.Grains.Tests.Journals;

/// <summary>PROD and BACKUP in one HA group, PROD production at epoch 1, defined on both sides as an administrator does.</summary>
public sealed class RolesGroupedFixture : RolesSystemsFixture
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await DefineGroupAsync("PROD", "PROD");
        await DefineGroupAsync("BACKUP", "PROD");
    }
}
