using System.Runtime.InteropServices;
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

/// <summary>
/// A table written in bulk (demo data, ingested batches, export receipts, summary cells): its name and its columns as
/// the migrations name and type them, read once from the row type that fills them (<see cref="IBulkRow{TSelf}"/>).
/// </summary>
internal sealed class BulkTable
{
    private BulkTable(string name, IReadOnlyList<(string Name, ColumnType Type)> columns)
    {
        Name = name;
        Columns = columns;
    }

    public string Name { get; }
    public IReadOnlyList<(string Name, ColumnType Type)> Columns { get; }

    /// <summary>The table <typeparamref name="TRow"/> fills: its columns are the ones the row hands over, in that order.</summary>
    public static BulkTable Of<TRow>(string name) where TRow : struct, IBulkRow<TRow>
    {
        var columns = new ColumnList([]);
        default(TRow).WriteTo(ref columns);
        return new BulkTable(name, columns.Columns);
    }

    public override string ToString() => Name;

    /// <summary>Notes each column's name and type; the values of the empty row it is given do not matter.</summary>
    private readonly struct ColumnList(List<(string Name, ColumnType Type)> columns) : IBulkValues
    {
        public List<(string Name, ColumnType Type)> Columns => columns;
        public void Text(string column, string? value) => columns.Add((column, ColumnType.Text));
        public void Uuid(string column, Guid value) => columns.Add((column, ColumnType.Uuid));
        public void Uuid(string column, Guid? value) => columns.Add((column, ColumnType.Uuid));
        public void Timestamp(string column, DateTime value) => columns.Add((column, ColumnType.Timestamp));
        public void Timestamp(string column, DateTime? value) => columns.Add((column, ColumnType.Timestamp));
        public void Integer(string column, int value) => columns.Add((column, ColumnType.Integer));
        public void Boolean(string column, bool value) => columns.Add((column, ColumnType.Boolean));
        public void Bytes(string column, byte[]? value) => columns.Add((column, ColumnType.Bytes));
    }
}

/// <summary>
/// Takes one row's values, column by column, each typed as its column is (UTC DateTime for timestamps, int for
/// integers and enums). A writer implements it as a struct, so a row's values reach the database's parameters or
/// COPY buffer without an array, a boxed value per column or a cast back.
/// </summary>
internal interface IBulkValues
{
    void Text(string column, string? value);
    void Uuid(string column, Guid value);
    void Uuid(string column, Guid? value);
    void Timestamp(string column, DateTime value);
    void Timestamp(string column, DateTime? value);
    void Integer(string column, int value);
    void Boolean(string column, bool value);
    void Bytes(string column, byte[]? value);
}

/// <summary>
/// Writes rows past EF's change tracker, in the context's open transaction, in exactly the storage
/// formats EF reads back: the demo generator and ingestion share it so both write rows EF can read. Rows are typed
/// (<see cref="CaptureRecordRow"/>, <see cref="DecisionRow"/> …), each carrying its table.
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

    public abstract ValueTask WriteAsync<TRow>(in TRow row, CancellationToken ct) where TRow : struct, IBulkRow<TRow>;

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

    private readonly Dictionary<BulkTable, (SqliteCommand Command, SqliteParameter[] Parameters)> _inserts = [];

    public override ValueTask WriteAsync<TRow>(in TRow row, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if (!_inserts.TryGetValue(TRow.Table, out var insert))
            _inserts[TRow.Table] = insert = Prepare(TRow.Table);
        var values = new Parameters(insert.Parameters);
        row.WriteTo(ref values);
        // Microsoft.Data.Sqlite's async methods run synchronously anyway; the sync call skips their overhead.
        insert.Command.ExecuteNonQuery();
        return ValueTask.CompletedTask;
    }

    public override ValueTask CompleteAsync(CancellationToken ct) => ValueTask.CompletedTask;

    public override ValueTask DisposeAsync()
    {
        foreach (var (command, _) in _inserts.Values)
            command.Dispose();
        _inserts.Clear();
        return ValueTask.CompletedTask;
    }

    private (SqliteCommand, SqliteParameter[]) Prepare(BulkTable table)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            $"INSERT INTO {table.Name} ({string.Join(", ", table.Columns.Select(c => c.Name))}) " +
            $"VALUES ({string.Join(", ", table.Columns.Select((_, i) => "$p" + i))})";
        var parameters = table.Columns.Select((c, i) => new SqliteParameter("$p" + i, c.Type switch
        {
            ColumnType.Integer or ColumnType.Boolean => SqliteType.Integer,
            ColumnType.Bytes => SqliteType.Blob,
            _ => SqliteType.Text,
        })).ToArray();
        command.Parameters.AddRange(parameters);
        command.Prepare();
        return (command, parameters);
    }

    /// <summary>Binds a row's values, in column order, to the prepared INSERT's parameters.</summary>
    private struct Parameters(SqliteParameter[] parameters) : IBulkValues
    {
        private static readonly object True = 1L, False = 0L;
        private int _next;

        public void Text(string column, string? value) => Set(value);
        public void Uuid(string column, Guid value) => Set(SqliteBulkWriter.Text(value));
        public void Uuid(string column, Guid? value) => Set(value is { } id ? SqliteBulkWriter.Text(id) : null);
        public void Timestamp(string column, DateTime value) => Set(SqliteBulkWriter.Text(value));
        public void Timestamp(string column, DateTime? value) => Set(value is { } at ? SqliteBulkWriter.Text(at) : null);
        public void Integer(string column, int value) => Set(value);
        public void Boolean(string column, bool value) => Set(value ? True : False);
        public void Bytes(string column, byte[]? value) => Set(value);

        private void Set(object? value) => parameters[_next++].Value = value ?? DBNull.Value;
    }

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

    /// <summary>Foreign-key order: a row may refer only to rows of tables before its own (or written before the bulk write).</summary>
    private static readonly BulkTable[] CopyOrder =
        [CaptureRecordRow.Table, CaptureContentRow.Table, DecisionRow.Table, FlagRow.Table, ExportReceiptRow.Table, SummaryCellRow.Table];

    private readonly Dictionary<BulkTable, RowBuffer> _buffered = [];
    private int _count;

    public override ValueTask WriteAsync<TRow>(in TRow row, CancellationToken ct)
    {
        if (!_buffered.TryGetValue(TRow.Table, out var buffer))
        {
            // A table missing from the copy order would be buffered and never copied.
            if (Array.IndexOf(CopyOrder, TRow.Table) < 0)
                throw new InvalidOperationException($"{TRow.Table} has no place in the bulk writer's copy order.");
            _buffered[TRow.Table] = buffer = new RowBuffer<TRow>();
        }
        ((RowBuffer<TRow>)buffer).Rows.Add(row);
        return ++_count >= ChunkRows ? FlushAsync(ct) : ValueTask.CompletedTask;
    }

    public override ValueTask CompleteAsync(CancellationToken ct) => FlushAsync(ct);

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async ValueTask FlushAsync(CancellationToken ct)
    {
        foreach (var table in CopyOrder)
        {
            if (!_buffered.TryGetValue(table, out var rows) || rows.Count == 0)
                continue;
            var copy = $"COPY {table.Name} ({string.Join(", ", table.Columns.Select(c => c.Name))}) FROM STDIN (FORMAT BINARY)";
            await using (var importer = await connection.BeginBinaryImportAsync(copy, ct))
            {
                rows.WriteTo(importer);
                await importer.CompleteAsync(ct);
            }
            rows.Clear();
        }
        _count = 0;
    }

    private abstract class RowBuffer
    {
        public abstract int Count { get; }
        public abstract void WriteTo(NpgsqlBinaryImporter importer);
        public abstract void Clear();
    }

    private sealed class RowBuffer<TRow> : RowBuffer where TRow : struct, IBulkRow<TRow>
    {
        public List<TRow> Rows { get; } = [];
        public override int Count => Rows.Count;
        public override void Clear() => Rows.Clear();

        // Values go into Npgsql's write buffer synchronously (a flush blocks only when it is full):
        // an awaited call per value costs more than the copy itself.
        public override void WriteTo(NpgsqlBinaryImporter importer)
        {
            var values = new Columns(importer);
            foreach (ref readonly var row in CollectionsMarshal.AsSpan(Rows))
            {
                importer.StartRow();
                row.WriteTo(ref values);
            }
        }
    }

    /// <summary>Writes a row's values, in column order, into the COPY.</summary>
    private readonly struct Columns(NpgsqlBinaryImporter importer) : IBulkValues
    {
        public void Text(string column, string? value)
        {
            if (value is null)
                importer.WriteNull();
            else
                importer.Write(value, NpgsqlDbType.Text);
        }

        public void Uuid(string column, Guid value) => importer.Write(value, NpgsqlDbType.Uuid);

        public void Uuid(string column, Guid? value)
        {
            if (value is { } id)
                importer.Write(id, NpgsqlDbType.Uuid);
            else
                importer.WriteNull();
        }

        public void Timestamp(string column, DateTime value) => importer.Write(value, NpgsqlDbType.TimestampTz);

        public void Timestamp(string column, DateTime? value)
        {
            if (value is { } at)
                importer.Write(at, NpgsqlDbType.TimestampTz);
            else
                importer.WriteNull();
        }

        public void Integer(string column, int value) => importer.Write(value, NpgsqlDbType.Integer);
        public void Boolean(string column, bool value) => importer.Write(value, NpgsqlDbType.Boolean);

        public void Bytes(string column, byte[]? value)
        {
            if (value is null)
                importer.WriteNull();
            else
                importer.Write(value, NpgsqlDbType.Bytea);
        }
    }
}
