namespace Lifeboat.Testing.Services;

/// <summary>A small wiki's data: an SQLite database of pages naming their attachments, and the uploads directory holding them.</summary>
public static class WikiData
{
    /// <summary>Creates <c>wiki.db</c> and <c>uploads/</c> in <paramref name="directory"/> and returns it.</summary>
    public static string Create(string directory, int pages = 12)
    {
        var uploads = Directory.CreateDirectory(Path.Combine(directory, "uploads")).FullName;
        var database = Path.Combine(directory, "wiki.db");
        SqliteChecksums.Execute(database, "CREATE TABLE pages (id INTEGER PRIMARY KEY, title TEXT NOT NULL, attachment TEXT)");
        for (var i = 1; i <= pages; i++)
        {
            var attachment = i % 2 == 0 ? $"page-{i}.txt" : null;
            SqliteChecksums.Execute(database, $"INSERT INTO pages (title, attachment) VALUES ('page {i}', {(attachment is null ? "NULL" : $"'{attachment}'")})");
            if (attachment is not null)
            {
                File.WriteAllText(Path.Combine(uploads, attachment), $"attachment of page {i}\n");
            }
        }

        return directory;
    }
}
