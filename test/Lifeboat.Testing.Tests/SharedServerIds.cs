using System.Collections.Concurrent;

namespace Lifeboat.Testing.Tests;

/// <summary>Remembers the first server process id each collection's tests see, to prove they all see one server.</summary>
internal static class SharedServerIds
{
    private static readonly ConcurrentDictionary<string, int> FirstSeen = new();

    public static void AssertSame(string collection, int processId) =>
        Assert.Equal(FirstSeen.GetOrAdd(collection, processId), processId);
}
