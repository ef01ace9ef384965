using System.Text.Json;
using Transparency.Core.EventStore;

namespace Transparency.Core.Tests.EventStore;

/// <summary>
/// The enums' API words are read by ingestion and written by the export from one table: every member needs exactly one,
/// and a word read back must be the member it was written for.
/// </summary>
public sealed class ApiNamesTests
{
    [Fact]
    public void Every_capture_kind_has_exactly_one_name_and_it_round_trips() =>
        AssertOneNameEach(ApiNames.Kinds, Enum.GetValues<CaptureKind>());

    [Fact]
    public void Every_single_purpose_has_exactly_one_name_and_it_round_trips() =>
        AssertOneNameEach(ApiNames.Purposes, Enum.GetValues<Purposes>().Where(p => p != Purposes.None));

    [Fact]
    public void Every_single_sensitivity_tag_has_exactly_one_name_and_it_round_trips() =>
        AssertOneNameEach(ApiNames.Sensitivity, Enum.GetValues<SensitivityTags>().Where(t => t != SensitivityTags.None));

    /// <summary>The words capture agents and training pipelines already use: the members' names in camel case.</summary>
    [Fact]
    public void The_words_are_the_ones_both_apis_document()
    {
        Assert.Equal(["pointerTrajectory", "click", "keystrokes", "screenSnapshot", "appFocus"], ApiNames.Kinds.Names);
        Assert.Equal(["operationalTelemetry", "product", "modelTraining"], ApiNames.Purposes.Names);
        Assert.Equal(["passwordField", "banking", "health", "worksCouncil"], ApiNames.Sensitivity.Names);
        foreach (var kind in Enum.GetValues<CaptureKind>())
            Assert.Equal(JsonNamingPolicy.CamelCase.ConvertName(kind.ToString()), ApiNames.Kinds.Of(kind));
    }

    [Fact]
    public void A_set_is_named_by_its_members_in_the_tables_order()
    {
        Assert.Equal(["operationalTelemetry", "modelTraining"], ApiNames.Purposes.NamesOf(Purposes.ModelTraining | Purposes.OperationalTelemetry));
        Assert.Equal(["banking", "worksCouncil"], ApiNames.Sensitivity.NamesOf(SensitivityTags.WorksCouncil | SensitivityTags.Banking));
        Assert.Empty(ApiNames.Sensitivity.NamesOf(SensitivityTags.None));
    }

    [Theory]
    [InlineData("Keystrokes")]
    [InlineData("keyStrokes")]
    [InlineData("3")]
    [InlineData("")]
    public void Words_are_read_exactly_as_written(string word) =>
        Assert.False(ApiNames.Kinds.TryParse(word, out _));

    private static void AssertOneNameEach<T>(ApiNameTable<T> table, IEnumerable<T> members) where T : struct, Enum
    {
        var expected = members.ToList();
        Assert.Equal(expected.Count, table.Names.Count);
        Assert.Equal(table.Names.Count, table.Names.Distinct(StringComparer.Ordinal).Count());
        foreach (var member in expected)
        {
            var name = table.Of(member);
            Assert.Single(table.Names, n => n == name);
            Assert.True(table.TryParse(name, out var back));
            Assert.Equal(member, back);
        }
    }
}
