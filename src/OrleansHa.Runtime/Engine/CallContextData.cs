using System.Collections.Immutable;
using Orleans.Runtime;

namespace OrleansHa.Runtime.Engine;

/// <summary>
/// What flows with a call: the <see cref="RequestContext"/> values and the call chain (each node names the grain that is
/// running and links to its caller's node). A request is itself the node its callee runs under.
/// </summary>
internal class CallContextData(ImmutableDictionary<string, object> values, GrainId grain, CallContextData? parent)
{
    public ImmutableDictionary<string, object> Values { get; } = values;

    /// <summary>The grain running under this node; default for a client.</summary>
    public GrainId Grain { get; } = grain;

    /// <summary>The caller's node.</summary>
    public CallContextData? Parent { get; } = parent;

    /// <summary>This node in a chain description, e.g. <c>counter/a (ICounter.Add)</c>.</summary>
    public virtual string Describe() => Grain.ToString();

    /// <summary>The chain from the outermost caller to this node, e.g. <c>a (IA.Ping) → b (IB.Ping)</c>.</summary>
    public string DescribeChain()
    {
        var nodes = new List<string>();
        for (var node = this; node is not null && nodes.Count < 64; node = node.Parent)
        {
            if (!node.Grain.IsDefault)
            {
                nodes.Add(node.Describe());
            }
        }

        nodes.Reverse();
        return nodes.Count == 0 ? "(client)" : string.Join(" → ", nodes);
    }

    /// <summary>Whether <paramref name="grain"/> appears in this chain.</summary>
    public bool Contains(GrainId grain)
    {
        for (var node = this; node is not null; node = node.Parent)
        {
            if (node.Grain.Equals(grain))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A copy of this node with other values (what <see cref="RequestContext.Set"/> makes).</summary>
    public CallContextData WithValues(ImmutableDictionary<string, object> newValues) => new(newValues, Grain, Parent);
}
