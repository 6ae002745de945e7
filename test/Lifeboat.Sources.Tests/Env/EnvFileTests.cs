using Lifeboat.Sources.Env;

namespace Lifeboat.Sources.Tests.Env;

public sealed class EnvFileTests
{
    private const string Sample =
        "# Redmine settings\r\n" +
        "RAILS_ENV=production\r\n" +
        "\r\n" +
        "export SECRET_KEY_BASE=\"abc\\\"def\"\r\n" +
        "  API_TOKEN = 'tok'   # inline comment\n" +
        "CERT=\"-----BEGIN-----\nline two\n-----END-----\"\n" +
        "not an assignment\n" +
        "WORKERS=4";

    [Fact]
    public void Parsing_keeps_every_byte()
    {
        var file = EnvFile.Parse(Sample);

        Assert.Equal(Sample, file.ToString());
        Assert.Equal(["RAILS_ENV", "SECRET_KEY_BASE", "API_TOKEN", "CERT", "WORKERS"], file.Keys);
        Assert.Equal("CERT=\"-----BEGIN-----\nline two\n-----END-----\"\n", file.Find("CERT")!.Text);
    }

    [Fact]
    public void A_slice_holds_only_the_listed_keys_and_names_the_missing_ones()
    {
        var slice = EnvFile.Parse(Sample).Slice(["WORKERS", "SECRET_KEY_BASE", "NOPE"], out var missing);

        Assert.Equal("WORKERS=4\nexport SECRET_KEY_BASE=\"abc\\\"def\"\r\n", slice.ToString());
        Assert.Equal(["NOPE"], missing);
    }

    [Fact]
    public void The_last_assignment_of_a_key_is_the_one_that_counts()
    {
        var file = EnvFile.Parse("A=1\nB=2\nA=3\n");

        Assert.Equal("A=3\n", file.Find("A")!.Text);
        Assert.Equal("A=3\n", file.Slice(["A"], out _).ToString());
    }

    [Fact]
    public void A_merge_replaces_the_keys_lines_in_place_and_keeps_every_other_line()
    {
        var current = EnvFile.Parse("# header\nRAILS_ENV=staging\nSECRET_KEY_BASE=new  # rotated\n# keep me\nWORKERS=8\nSECRET_KEY_BASE=override\n");
        var slice = EnvFile.Parse("SECRET_KEY_BASE=old\nAPI_TOKEN=tok\n");

        var merged = current.Merge(slice).ToString();

        Assert.Equal("# header\nRAILS_ENV=staging\nSECRET_KEY_BASE=old\n# keep me\nWORKERS=8\nAPI_TOKEN=tok\n", merged);
    }

    [Fact]
    public void A_merge_into_a_file_without_a_final_newline_appends_on_a_new_line()
    {
        var merged = EnvFile.Parse("A=1").Merge(EnvFile.Parse("B=2\n")).ToString();

        Assert.Equal("A=1\nB=2\n", merged);
    }

    [Fact]
    public void Entries_never_show_their_values()
    {
        var entry = EnvFile.Parse("SECRET_KEY_BASE=hunter2\n").Entries[0];

        Assert.DoesNotContain("hunter2", entry.ToString(), StringComparison.Ordinal);
        Assert.Equal("SECRET_KEY_BASE=[redacted]", entry.ToString());
    }
}
