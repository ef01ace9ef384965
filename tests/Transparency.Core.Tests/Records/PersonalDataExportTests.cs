using System.IO.Compression;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Transparency.Core.AccessLog;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Core.Records;
using Transparency.Core.Tests.Policies;
using Transparency.Core.Tests.TrainingExport;
using Transparency.Testing;

namespace Transparency.Core.Tests.Records;

public sealed class PersonalDataExportTests
{
    private const int ManyRecords = 20_000;
    private const long MemoryBound = 200L * 1024 * 1024;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task A_large_history_streams_to_a_non_seekable_stream_without_holding_it_in_memory(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await TestData.AddEmployeesAsync(store, "BIG", "OTHER");
        await SeedAsync(store, "BIG", ManyRecords);
        await SeedAsync(store, "OTHER", 50);
        var export = new PersonalDataExport(store.Contexts, new FakeTimeProvider(TestData.Now));
        var file = Path.Combine(Path.GetTempPath(), $"transparency-export-{Guid.NewGuid():N}.zip");
        try
        {
            var baseline = GC.GetTotalMemory(forceFullCollection: true);
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            long written;
            long peak;
            await using (var output = new ForwardOnlyStream(File.Create(file)))
            {
                await export.WriteAsync(new EmployeeId("BIG"), output, Ct);
                (written, peak) = (output.Written, output.PeakManagedMemory);
            }
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            var growth = peak - baseline;
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"{provider}: {ManyRecords:N0} records, zip {written / 1024.0 / 1024:N1} MB; managed heap peak growth {growth / 1024.0 / 1024:N1} MB; " +
                $"allocated {allocated / 1024.0 / 1024:N1} MB in total");

            using var zip = ZipFile.OpenRead(file);
            var records = ReadLines(zip, "records.jsonl");
            Assert.Equal(ManyRecords, records.Count);
            Assert.Equal(ManyRecords + 1, ReadLines(zip, "records.csv").Count);
            Assert.All(records.Take(100).Concat(records.TakeLast(100)), line =>
            {
                using var json = JsonDocument.Parse(line);
                Assert.StartsWith("BIG-", json.RootElement.GetProperty("content").GetProperty("text").GetString());
            });
            Assert.Equal(ManyRecords, records.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetGuid()).Distinct().Count());
            Assert.True(growth < MemoryBound, $"The managed heap grew by {growth / 1024 / 1024} MB while writing the export.");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task The_access_log_file_lists_every_access_and_every_training_export_of_the_employees_records_and_no_one_elses(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await TestData.AddEmployeesAsync(store, "MINE", "OTHER");
        await using (var db = await store.Contexts.CreateDbContextAsync(Ct))
        {
            db.CaptureRecords.AddRange(Enumerable.Range(1, 5).Select(i => TestData.Record("MINE", TestData.Now.AddHours(-i))));
            db.CaptureRecords.AddRange(Enumerable.Range(1, 3).Select(i => TestData.Record("OTHER", TestData.Now.AddHours(-5 - i))));
            db.AccessLog.Add(AccessLogService.Entry("MINE", TestData.Now.AddDays(-2), "E00005", ActorRole.HR, AccessChannel.HrDisclosureDownload, "Subject access request"));
            db.AccessLog.Add(AccessLogService.Entry("OTHER", TestData.Now.AddDays(-1), "E00005", ActorRole.HR, AccessChannel.HrDisclosureDownload, "Their own request"));
            await db.SaveChangesAsync(Ct);
        }
        // Two pages of four: the first carries all three of OTHER's records (they arrived first) and one of MINE.
        var exports = ExportScene.Service(store);
        var client = await ExportScene.AddClientAsync(store);
        Assert.Equal(8, (await ExportScene.ExportAllAsync(exports, client, limit: 4)).Count);
        await using var file = new MemoryStream();

        await new PersonalDataExport(store.Contexts, new FakeTimeProvider(TestData.Now)).WriteAsync(new EmployeeId("MINE"), file, Ct);

        file.Position = 0;
        using var zip = new ZipArchive(file, ZipArchiveMode.Read);
        var log = ReadLines(zip, "access-log.jsonl").Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["HrDisclosureDownload", "TrainingExport", "TrainingExport"], log.Select(a => a.GetProperty("channel").GetString()));
        Assert.Equal("Subject access request", log[0].GetProperty("why").GetString());
        Assert.Equal([1, 4], log.Skip(1).Select(a => a.GetProperty("recordCount").GetInt32()).Order());
        Assert.All(log.Skip(1), a => Assert.Equal("training-pipeline", a.GetProperty("actor").GetString()));
        Assert.All(log.Skip(1), a => Assert.Equal(JsonValueKind.String, a.GetProperty("exportBatchId").ValueKind));
        Assert.DoesNotContain(log, a => a.GetProperty("why").GetString() == "Their own request");
    }

    private static async Task SeedAsync(TestStore store, string employeeId, int count)
    {
        var records = new List<CaptureRecord>(count);
        var contents = new List<CaptureContent>(count);
        for (var i = 0; i < count; i++)
        {
            var record = TestData.Record(employeeId, TestData.Now.AddMinutes(-i), (CaptureKind)(i % 5 + 1));
            records.Add(record);
            contents.Add(new CaptureContent
            {
                EmployeeId = employeeId, RecordId = record.Id,
                Json = JsonSerializer.Serialize(new { text = $"{employeeId}-{i}: the quarterly figures look right, sending them to finance now" }),
            });
        }
        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        await BulkInsert.InsertAsync(db, records, Ct);
        await BulkInsert.InsertAsync(db, contents, Ct);
    }

    private static List<string> ReadLines(ZipArchive zip, string name)
    {
        using var reader = new StreamReader(zip.GetEntry(name)!.Open());
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }

    /// <summary>
    /// Like an HTTP response body: it cannot seek or report its length, and refuses synchronous writes as Kestrel does.
    /// Samples the managed heap as the export writes.
    /// </summary>
    private sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public long Written { get; private set; }
        public long PeakManagedMemory { get; private set; }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer) =>
            throw new InvalidOperationException("Synchronous operations are disallowed. Call WriteAsync instead.");

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Sample(buffer.Length);
            return inner.WriteAsync(buffer, cancellationToken);
        }

        public override void Flush() =>
            throw new InvalidOperationException("Synchronous operations are disallowed. Call FlushAsync instead.");
        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        private void Sample(int count)
        {
            Written += count;
            PeakManagedMemory = Math.Max(PeakManagedMemory, GC.GetTotalMemory(forceFullCollection: false));
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                inner.Dispose();
            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            await base.DisposeAsync();
        }
    }
}
