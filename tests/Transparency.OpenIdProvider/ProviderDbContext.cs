using Microsoft.EntityFrameworkCore;

namespace Transparency.OpenIdProvider;

/// <summary>OpenIddict's store (client registrations, authorizations, tokens) in a SQLite file of the provider's own.</summary>
internal sealed class ProviderDbContext(DbContextOptions<ProviderDbContext> options) : DbContext(options);
