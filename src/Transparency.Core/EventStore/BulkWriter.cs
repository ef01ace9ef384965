using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Transparency.Core.EventStore;

internal enum ColumnType
{
    Text,
    Uuid,
    Timestamp,
    Integer,
    Boolean,
    Bytes,
}

/// <summary>A table written in bulk (demo data, ingested batches, export receipts, summary cells), with its columns as the migrations name and type them.</summary>
internal sealed class BulkTable(string name, params (string Name, ColumnType Type)[] columns)
{
    public string Name => name;
    public IReadOnlyList<(string Name, ColumnType Type)> Columns => columns;

    public static readonly BulkTable Records = new("capture_records",
        ("employee_id", ColumnType.Text), ("id", ColumnType.Uuid), ("captured_at", ColumnType.Timestamp), ("received_at", ColumnType.Timestamp),
        ("kind", ColumnType.Integer), ("device_id", ColumnType.Text), ("application", ColumnType.Text), ("site", ColumnType.Text),
        ("source_agent", ColumnType.Text), ("summary", ColumnType.Text), ("sensitivity", ColumnType.Integer), ("purposes", ColumnType.Integer),
        ("training_choice", ColumnType.Integer), ("has_open_flag", ColumnType.Boolean), ("deleted_at", ColumnType.Timestamp),
        ("redacted_at", ColumnType.Timestamp), ("purged_at", ColumnType.Timestamp), ("last_decision_id", ColumnType.Uuid),
        ("previous_training_choice", ColumnType.Integer), ("ingest_hash", ColumnType.Text));

    public static readonly BulkTable Contents = new("capture_contents",
        ("employee_id", ColumnType.Text), ("record_id", ColumnType.Uuid), ("json", ColumnType.Text), ("snapshot", ColumnType.Bytes),
        ("snapshot_media_type", ColumnType.Text));

    public static readonly BulkTable Flags = new("flags",
        ("employee_id", ColumnType.Text), ("id", ColumnType.Uuid), ("decision_id", ColumnType.Uuid), ("record_id", ColumnType.Uuid),
        ("record_count", ColumnType.Integer), ("category", ColumnType.Integer),
        ("note", ColumnType.Text), ("raised_at", ColumnType.Timestamp), ("review_state", ColumnType.Integer),
        ("resolved_at", ColumnType.Timestamp), ("resolved_by", ColumnType.Text), ("resolution", ColumnType.Text));

    public static readonly BulkTable Decisions = new("decisions",
        ("employee_id", ColumnType.Text), ("id", ColumnType.Uuid), ("kind", ColumnType.Integer), ("record_id", ColumnType.Uuid),
        ("standing_rule_id", ColumnType.Uuid), ("legal_hold_id", ColumnType.Uuid), ("filter", ColumnType.Text), ("record_count", ColumnType.Integer),
        ("reason", ColumnType.Text), ("actor_id", ColumnType.Text), ("actor_role", ColumnType.Integer), ("at", ColumnType.Timestamp));

    public static readonly BulkTable Receipts = new("export_receipts",
        ("employee_id", ColumnType.Text), ("record_id", ColumnType.Uuid), ("export_batch_id", ColumnType.Uuid), ("exported_at", ColumnType.Timestamp));

    public static readonly BulkTable AccessLog = new("access_log",
        ("employee_id", ColumnType.Text), ("id", ColumnType.Uuid), ("at", ColumnType.Timestamp), ("actor_id", ColumnType.Text),
        ("actor_role", ColumnType.Integer), ("channel", ColumnType.Integer), ("why", ColumnType.Text), ("record_count", ColumnType.Integer),
        ("export_batch_id", ColumnType.Uuid));

    public static readonly BulkTable SummaryCells = new("summary_cells",
        ("employee_id", ColumnType.Text), ("day", ColumnType.Timestamp), ("kind", ColumnType.Integer), ("purposes", ColumnType.Integer),
        ("records", ColumnType.Integer), ("eligible_within_retention", ColumnType.Integer), ("withheld", ColumnType.Integer),
        ("quarantined", ColumnType.Integer), ("deleted", ColumnType.Integer), ("refreshed_at", ColumnType.Timestamp));

    /// <summary>In foreign-key order: a row may refer only to rows of tables before its own (or written before the bulk write).</summary>
    public static readonly IReadOnlyList<BulkTable> All = [Records, Contents, Decisions, Flags, Receipts, AccessLog, SummaryCells];
}

/// <summary>
/// Writes rows past EF's change tracker, in the context's open transaction, in exactly the storage
/// formats EF reads back: the demo generator and ingestion share it so both write rows EF can read. Rows are given as the CLR values of <see cref="ColumnType"/>: string, Guid,
/// UTC DateTime, int, bool, byte[], or null.
/// </summary>
internal abstract class BulkWriter : IAsyncDisposable
{
    public static BulkWriter For(TransparencyDbContext db)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Bulk writes belong to the caller's transaction; begin it first.");
        return db.Database.GetDbConnection() switch
        {
            SqliteConnection sqlite => new SqliteBulkWriter(sqlite, (SqliteTransaction)transaction),
            NpgsqlConnection postgres => new PostgresBulkWriter(postgres),
            var other => throw new NotSupportedException($"Cannot write in bulk to a {other.GetType().Name}."),
        };
    }

    public abstract ValueTask WriteAsync(BulkTable table, object?[] row, CancellationToken ct);

    /// <summary>Writes whatever is still buffered. The transaction stays the caller's to commit.</summary>
    public abstract ValueTask CompleteAsync(CancellationToken ct);

    public abstract ValueTask DisposeAsync();
}

/// <summary>
/// SQLite: one prepared INSERT per table, reused for every row of the one transaction. Values are
/// bound as EF's SQLite provider stores them: Guid as upper-case text, DateTime as
/// <c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c> text, bool as 0/1.
/// </summary>
internal sealed class SqliteBulkWriter(SqliteConnection connection, SqliteTransaction transaction) : BulkWriter
{
    /// <summary>How EF's SQLite provider writes a DateTime, which <see cref="Text(DateTime)"/> reproduces.</summary>
    public const string DateTimeFormat = "yyyy-MM-dd HH:mm:ss.FFFFFFF";

    private readonly Dictionary<BulkTable, SqliteCommand> _commands = [];

    public override ValueTask WriteAsync(BulkTable table, object?[] row, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if (!_commands.TryGetValue(table, out var command))
            _commands[table] = command = Prepare(table);
        for (var i = 0; i < row.Length; i++)
            command.Parameters[i].Value = Convert(row[i]);
        // Microsoft.Data.Sqlite's async methods run synchronously anyway; the sync call skips their overhead.
        command.ExecuteNonQuery();
        return ValueTask.CompletedTask;
    }

    public override ValueTask CompleteAsync(CancellationToken ct) => ValueTask.CompletedTask;

    public override ValueTask DisposeAsync()
    {
        foreach (var command in _commands.Values)
            command.Dispose();
        _commands.Clear();
        return ValueTask.CompletedTask;
    }

    private SqliteCommand Prepare(BulkTable table)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            $"INSERT INTO {table.Name} ({string.Join(", ", table.Columns.Select(c => c.Name))}) " +
            $"VALUES ({string.Join(", ", table.Columns.Select((_, i) => "$p" + i))})";
        for (var i = 0; i < table.Columns.Count; i++)
            command.Parameters.Add(new SqliteParameter("$p" + i, table.Columns[i].Type switch
            {
                ColumnType.Integer or ColumnType.Boolean => SqliteType.Integer,
                ColumnType.Bytes => SqliteType.Blob,
                _ => SqliteType.Text,
            }));
        command.Prepare();
        return command;
    }

    private static object Convert(object? value) => value switch
    {
        null => DBNull.Value,
        Guid g => Text(g),
        DateTime d => Text(d),
        bool b => b ? 1L : 0L,
        _ => value,
    };

    /// <summary>EF's SQLite text for a Guid: upper case, with hyphens.</summary>
    public static string Text(Guid id) => string.Create(36, id, static (chars, g) =>
    {
        g.TryFormat(chars, out _, "D");
        for (var i = 0; i < chars.Length; i++)
            chars[i] = char.ToUpperInvariant(chars[i]);
    });

    /// <summary>
    /// EF's SQLite text for a DateTime (<see cref="DateTimeFormat"/>: the fraction without trailing
    /// zeros, and no point when there is none), written by hand because a custom format string is
    /// parsed again on every call, for each of millions of instants.
    /// </summary>
    public static string Text(DateTime at)
    {
        Span<char> chars = stackalloc char[27];
        Digits(chars[..4], at.Year);
        chars[4] = '-';
        Digits(chars.Slice(5, 2), at.Month);
        chars[7] = '-';
        Digits(chars.Slice(8, 2), at.Day);
        chars[10] = ' ';
        Digits(chars.Slice(11, 2), at.Hour);
        chars[13] = ':';
        Digits(chars.Slice(14, 2), at.Minute);
        chars[16] = ':';
        Digits(chars.Slice(17, 2), at.Second);
        var fraction = (int)(at.Ticks % TimeSpan.TicksPerSecond);
        if (fraction == 0)
            return new string(chars[..19]);
        chars[19] = '.';
        Digits(chars.Slice(20, 7), fraction);
        var length = 27;
        while (chars[length - 1] == '0')
            length--;
        return new string(chars[..length]);
    }

    private static void Digits(Span<char> into, int value)
    {
        for (var i = into.Length - 1; i >= 0; i--, value /= 10)
            into[i] = (char)('0' + value % 10);
    }
}

/// <summary>
/// PostgreSQL: binary COPY. One COPY runs per connection at a time, so rows are buffered per
/// table and copied in foreign-key order every <see cref="ChunkRows"/> rows, which keeps memory
/// flat however many records are asked for.
/// </summary>
internal sealed class PostgresBulkWriter(NpgsqlConnection connection) : BulkWriter
{
    private const int ChunkRows = 20_000;

    private readonly Dictionary<BulkTable, List<object?[]>> _buffered = BulkTable.All.ToDictionary(t => t, _ => new List<object?[]>());
    private int _count;

    public override async ValueTask WriteAsync(BulkTable table, object?[] row, CancellationToken ct)
    {
        _buffered[table].Add(row);
        if (++_count >= ChunkRows)
            await FlushAsync(ct);
    }

    public override ValueTask CompleteAsync(CancellationToken ct) => FlushAsync(ct);

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async ValueTask FlushAsync(CancellationToken ct)
    {
        foreach (var table in BulkTable.All)
        {
            var rows = _buffered[table];
            if (rows.Count == 0)
                continue;
            var copy = $"COPY {table.Name} ({string.Join(", ", table.Columns.Select(c => c.Name))}) FROM STDIN (FORMAT BINARY)";
            await using (var importer = await connection.BeginBinaryImportAsync(copy, ct))
            {
                // Values go into Npgsql's write buffer synchronously (a flush blocks only when it is full):
                // an awaited call per value costs more than the copy itself.
                foreach (var row in rows)
                {
                    importer.StartRow();
                    for (var i = 0; i < row.Length; i++)
                        WriteValue(importer, table.Columns[i].Type, row[i]);
                }
                await importer.CompleteAsync(ct);
            }
            rows.Clear();
        }
        _count = 0;
    }

    private static void WriteValue(NpgsqlBinaryImporter importer, ColumnType type, object? value)
    {
        if (value is null)
        {
            importer.WriteNull();
            return;
        }
        switch (type)
        {
            case ColumnType.Text: importer.Write((string)value, NpgsqlDbType.Text); break;
            case ColumnType.Uuid: importer.Write((Guid)value, NpgsqlDbType.Uuid); break;
            case ColumnType.Timestamp: importer.Write((DateTime)value, NpgsqlDbType.TimestampTz); break;
            case ColumnType.Integer: importer.Write((int)value, NpgsqlDbType.Integer); break;
            case ColumnType.Boolean: importer.Write((bool)value, NpgsqlDbType.Boolean); break;
            case ColumnType.Bytes: importer.Write((byte[])value, NpgsqlDbType.Bytea); break;
            default: throw new ArgumentOutOfRangeException(nameof(type), type, null);
        }
    }
}
