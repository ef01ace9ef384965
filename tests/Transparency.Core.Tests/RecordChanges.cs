using Transparency.Core.EventStore;

namespace Transparency.Core.Tests;

public static class RecordChanges
{
    /// <summary>The record after <paramref name="change"/>: <c>TestData.Record(e).With(r =&gt; r.HasOpenFlag = true)</c>.</summary>
    public static CaptureRecord With(this CaptureRecord record, Action<CaptureRecord> change)
    {
        change(record);
        return record;
    }
}
