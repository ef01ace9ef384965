using System.Data.Common;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Transparency.Core.EventStore;

/// <summary>
/// Tells a failure of the store's availability (PostgreSQL stopped, restarting, refusing connections, or a connection
/// lost mid-statement; SQLite busy past its timeout) from every other failure. Such a request changed nothing — the
/// transaction never committed — and the same request succeeds once the store is back, so callers are told to retry
/// instead of being shown a server error.
/// </summary>
public static class StoreOutage
{
    /// <summary>Whether <paramref name="exception"/>, or an exception it wraps, says the store could not be reached.</summary>
    public static bool IsOutage(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException p when IsUnavailable(p.SqlState):
                    return true;
                case PostgresException:
                    // Any other server error (a constraint, a syntax error) is an answer from a reachable server.
                    return false;
                // Npgsql marks a failed connection attempt, a refused or reset socket and a read timeout as transient;
                // Microsoft.Data.Sqlite marks SQLITE_BUSY and SQLITE_LOCKED.
                case DbException { IsTransient: true }:
                    return true;
                // Npgsql's own "connection is broken" / "pool exhausted" wrappers carry the socket or timeout inside.
                case NpgsqlException { InnerException: System.IO.IOException or System.Net.Sockets.SocketException or TimeoutException }:
                    return true;
                // EF's execution strategy gives up with this after its retries; what it retried decides (inner exception).
                case RetryLimitExceededException:
                    continue;
            }
        }
        return false;
    }

    /// <summary>The SQLSTATE of the exception that made <paramref name="exception"/> an outage, if it carries one (for logs).</summary>
    public static string? SqlStateOf(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is DbException { SqlState: { Length: > 0 } state })
                return state;
        }
        return null;
    }

    /// <summary>
    /// Class 08 (connection exception), and the server shutting down, crashed or still starting (57P01–57P03):
    /// what PostgreSQL sends its clients while it is being stopped or has not yet finished starting.
    /// </summary>
    private static bool IsUnavailable(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal)
        || sqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
            or PostgresErrorCodes.TooManyConnections;
}
