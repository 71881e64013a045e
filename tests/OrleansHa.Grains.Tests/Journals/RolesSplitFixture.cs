namespace OrleansHa.Grains.Tests.Journals;

/// <summary>
/// BACKUP has taken over (it holds itself production) while PROD has not learned it and still holds itself production:
/// the returning former production of a failover, both at epoch 1 as each side's definition makes it.
/// </summary>
public sealed class RolesSplitFixture : RolesSystemsFixture
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await DefineGroupAsync("PROD", "PROD");
        await DefineGroupAsync("BACKUP", "BACKUP");
    }
}
