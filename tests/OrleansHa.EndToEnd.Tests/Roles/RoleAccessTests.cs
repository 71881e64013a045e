using OrleansHa.EndToEnd.Tests.Infrastructure;
using OrleansHa.Roles;
using OrleansHa.Security;

namespace OrleansHa.EndToEnd.Tests.Roles;

/// <summary>Every role call is the administrator's, on both systems of a group; only the gate is anyone's to read.</summary>
[Collection(HaGroupCollection.Name)]
public sealed class RoleAccessTests(HaGroupFixture fixture)
{
    [Theory]
    [InlineData("PROD")]
    [InlineData("BACKUP")]
    public async Task RoleCalls_WhenCallerIsNotAdministrator_AreRefusedExceptTheGate(string system)
    {
        var silo = system == "PROD" ? fixture.Systems.Prod : fixture.Systems.Backup;
        await using var admin = await silo.ConnectAsync();
        await using var user = await silo.ConnectAsync(HaGroupSystems.UserName, HaGroupSystems.UserSecret);
        var group = user.Client.GetGrain<IHaGroupGrain>(HaGroups.Default);
        var before = await admin.Client.GetGrain<IHaGroupGrain>(HaGroups.Default).GetStatusAsync();
        var calls = new Dictionary<string, Func<Task>>
        {
            [nameof(IHaGroupGrain.DefineAsync)] = () => group.DefineAsync(new HaGroupDefinition(before.Members, "BACKUP")),
            [nameof(IHaGroupGrain.GetStatusAsync)] = group.GetStatusAsync,
            [nameof(IHaGroupGrain.CheckAsync)] = group.CheckAsync,
            [nameof(IHaGroupGrain.GetLastReadinessAsync)] = group.GetLastReadinessAsync,
            [nameof(IHaGroupGrain.SwitchOverAsync)] = () => group.SwitchOverAsync(dryRun: false),
            [nameof(IHaGroupGrain.FailoverAsync)] = () => group.FailoverAsync(dryRun: false),
            [nameof(IHaGroupGrain.SwitchBackAsync)] = () => group.SwitchBackAsync(dryRun: false),
            [nameof(IHaGroupGrain.GetDivergenceAsync)] = () => group.GetDivergenceAsync(null, 10),
            [nameof(IHaGroupGrain.ResolveDivergenceAsync)] = () => group.ResolveDivergenceAsync(HaGroupSystems.Journal, null, DivergenceAction.Discard, dryRun: false),
            [nameof(IHaGroupGrain.DescribeAsync)] = group.DescribeAsync,
            [nameof(IHaGroupGrain.PromoteAsync)] = () => group.PromoteAsync(before.Gate.Epoch + 1, before.Gate.Production!),
            [nameof(IHaGroupGrain.LearnEpochAsync)] = () => group.LearnEpochAsync(before.Gate.Epoch + 1, system, []),
        };

        // Every method of the interface is tried: one added later without a check here fails this line.
        Assert.Equal(
            typeof(IHaGroupGrain).GetMethods().Select(m => m.Name).Where(n => n != nameof(IHaGroupGrain.GetGateAsync)).Order(StringComparer.Ordinal),
            calls.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, call) in calls)
        {
            var error = await Record.ExceptionAsync(call);
            Assert.True(error is AccessDeniedException, $"{name} by {HaGroupSystems.UserName} on {system}: {error?.GetType().Name ?? "no error"} {error?.Message}");
            var denied = Assert.IsAssignableFrom<AccessDeniedException>(error);
            Assert.True(denied.Message.Contains("only the administrator", StringComparison.Ordinal), $"{name} by {HaGroupSystems.UserName} on {system}: {denied.Message}");
        }

        var gate = await group.GetGateAsync();
        var after = await admin.Client.GetGrain<IHaGroupGrain>(HaGroups.Default).GetStatusAsync();
        Assert.Equal(before.Gate, gate);
        Assert.Equal((before.Gate, before.Members.Count), (after.Gate, after.Members.Count));
    }
}
