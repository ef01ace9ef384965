using System.Collections.Concurrent;
using Transparency.Core.EventStore;
using Transparency.Testing;

namespace Transparency.Core.Tests;

/// <summary>
/// A class fixture: one store per provider, created and seeded when a test first asks for it and
/// shared by the class's read-only tests, so a table of cases does not migrate a database per row.
/// </summary>
public abstract class SeededStores : IAsyncDisposable
{
    private readonly ConcurrentDictionary<StoreProvider, Lazy<Task<TestStore>>> _stores = new();

    public Task<TestStore> ForAsync(StoreProvider provider) =>
        _stores.GetOrAdd(provider, p => new Lazy<Task<TestStore>>(() => CreateAsync(p))).Value;

    protected abstract Task SeedAsync(TestStore store);

    private async Task<TestStore> CreateAsync(StoreProvider provider)
    {
        var store = await TestStore.CreateAsync(provider);
        await SeedAsync(store);
        return store;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores.Values.Where(s => s.IsValueCreated).Select(s => s.Value))
            if (store.IsCompletedSuccessfully)
                await store.Result.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
