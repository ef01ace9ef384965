using Microsoft.EntityFrameworkCore;
using Transparency.Core.EventStore;

namespace Transparency.Core.Demo;

/// <summary>Fills an empty store with a realistic, deterministic demo organisation.</summary>
public sealed class DemoDataGenerator(IDbContextFactory<TransparencyDbContext> contexts)
{
    public Task<DemoDataResult> GenerateAsync(DemoDataOptions options, CancellationToken ct = default) =>
        throw new NotImplementedException(contexts.ToString());
}
