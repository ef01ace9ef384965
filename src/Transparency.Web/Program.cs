using Transparency.Core;
using Transparency.Web.Api;
using Transparency.Web.Auth;
using Transparency.Web.Hosting;

if (ApiKeyCommand.IsInvoked(args))
    return await ApiKeyCommand.RunAsync(args);
if (DirectoryCommand.IsInvoked(args))
    return await DirectoryCommand.RunAsync(args);
if (StoreCommand.IsInvoked(args))
    return await StoreCommand.RunAsync(args);

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, WebRootPath = WebRoot.Locate() });

builder.Services.AddTransparencyCore(builder.Configuration);
builder.AddTransparencyAuth();
builder.AddTransparencyUi();
builder.AddTransparencyApi();
builder.AddTransparencyHttpSurface();

// Disposed on every way out, so the console logger flushes a start-up refusal before the process ends.
await using var app = builder.Build();

if (!await app.StartUpAsync())
    return 1;

app.UseTransparencyPipeline();
app.MapTransparencyAuth();
app.MapTransparencyApi();
app.MapTransparencyUi();

await app.RunAsync();
return 0;

/// <summary>The app's entry point, named so that tests can host it.</summary>
public partial class Program;
