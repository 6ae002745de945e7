using Lifeboat.Manifest.Schema;

namespace Lifeboat.Manifest.Loading;

/// <summary>
/// Checks, once every file is read, that each name used is declared (and of the right kind), and that
/// <c>depends_on</c> has no cycle.
/// </summary>
internal static class ReferenceChecker
{
    public static void Check(LoadState load)
    {
        foreach (var reference in load.References)
        {
            CheckReference(load, reference);
        }

        CheckCycles(load);
    }

    private static void CheckReference(LoadState load, NameReference reference)
    {
        var kind = reference.Kind;
        var scope = kind.Kind == DeclarationKind.Source ? reference.Scope : "";
        if (!load.Declarations.TryGetValue((kind.Kind, scope, reference.Name), out var declaration))
        {
            var declared = load.Declared(kind.Kind, scope)
                .Where(name => kind != ReferenceKind.Dependency || name != reference.Scope)
                .Where(name => kind.Tags is null || load.Declarations[(kind.Kind, scope, name)].Tag is not { } tag || kind.Tags.Contains(tag))
                .ToList();
            var where = kind.Kind == DeclarationKind.Source ? $" in service '{reference.Scope}'" : "";
            var hint = Suggestions.Closest(reference.Name, declared) is { } closest
                ? $"did you mean '{closest}'?"
                : declared.Count == 0 ? $"no {(kind == ReferenceKind.Dependency ? "other " : "")}{kind.Noun} is declared{where}" : $"declared: {string.Join(", ", declared)}";
            Add(load, reference, $"{kind.Noun} '{reference.Name}' is not declared{where}", hint);
            return;
        }

        if (kind.Tags is not null && declaration.Tag is { } actual && !kind.Tags.Contains(actual))
        {
            Add(load, reference, $"source '{reference.Name}' is a {actual} source; expected {kind.TagNoun}");
        }
    }

    private static void CheckCycles(LoadState load)
    {
        var edges = new Dictionary<string, List<NameReference>>(StringComparer.Ordinal);
        foreach (var reference in load.References.Where(r => r.Kind == ReferenceKind.Dependency))
        {
            if (load.Declarations.ContainsKey((DeclarationKind.Service, "", reference.Name)))
            {
                (edges.TryGetValue(reference.Scope, out var list) ? list : edges[reference.Scope] = []).Add(reference);
            }
        }

        var services = load.Declarations
            .Where(d => d.Key.Kind == DeclarationKind.Service)
            .OrderBy(d => d.Value.Order)
            .Select(d => d.Key.Name)
            .ToList();
        foreach (var component in StronglyConnected(services, edges))
        {
            var start = component.OrderBy(services.IndexOf).First();
            var cycle = ShortestCycle(start, component, edges);
            if (cycle.Count == 0)
            {
                continue;
            }

            Add(load, cycle[0], $"dependency cycle: {start} -> {string.Join(" -> ", cycle.Select(e => e.Name))}",
                "a service cannot be restored before itself: remove one of these dependencies");
        }
    }

    /// <summary>Tarjan's algorithm; components with a cycle (more than one service, or a self-dependency).</summary>
    private static List<HashSet<string>> StronglyConnected(List<string> services, Dictionary<string, List<NameReference>> edges)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<HashSet<string>>();
        var counter = 0;

        void Visit(string node)
        {
            index[node] = low[node] = counter++;
            stack.Push(node);
            onStack.Add(node);
            foreach (var edge in edges.GetValueOrDefault(node) ?? [])
            {
                if (!index.ContainsKey(edge.Name))
                {
                    Visit(edge.Name);
                    low[node] = Math.Min(low[node], low[edge.Name]);
                }
                else if (onStack.Contains(edge.Name))
                {
                    low[node] = Math.Min(low[node], index[edge.Name]);
                }
            }

            if (low[node] != index[node])
            {
                return;
            }

            var component = new HashSet<string>(StringComparer.Ordinal);
            string member;
            do
            {
                member = stack.Pop();
                onStack.Remove(member);
                component.Add(member);
            }
            while (member != node);

            var selfLoop = edges.GetValueOrDefault(node)?.Exists(e => e.Name == node) == true;
            if (component.Count > 1 || selfLoop)
            {
                result.Add(component);
            }
        }

        foreach (var service in services)
        {
            if (!index.ContainsKey(service))
            {
                Visit(service);
            }
        }

        return result;
    }

    /// <summary>The edges of a shortest cycle from <paramref name="start"/> back to itself inside the component.</summary>
    private static List<NameReference> ShortestCycle(string start, HashSet<string> component, Dictionary<string, List<NameReference>> edges)
    {
        var previous = new Dictionary<string, NameReference>(StringComparer.Ordinal);
        var queue = new Queue<string>([start]);
        while (queue.TryDequeue(out var node))
        {
            foreach (var edge in edges.GetValueOrDefault(node) ?? [])
            {
                if (!component.Contains(edge.Name))
                {
                    continue;
                }

                if (edge.Name == start)
                {
                    var path = new List<NameReference> { edge };
                    for (var at = node; at != start; at = previous[at].Scope)
                    {
                        path.Insert(0, previous[at]);
                    }

                    return path;
                }

                if (previous.TryAdd(edge.Name, edge))
                {
                    queue.Enqueue(edge.Name);
                }
            }
        }

        return [];
    }

    private static void Add(LoadState load, NameReference reference, string message, string? hint = null) =>
        load.Problems.Add(new ManifestProblem(reference.File, reference.Mark.Line, reference.Mark.Column,
            reference.Path.Length == 0 ? message : $"{reference.Path}: {message}", hint));
}
