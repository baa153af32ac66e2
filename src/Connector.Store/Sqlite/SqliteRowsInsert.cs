using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Connector.Store.Sqlite;

/// <summary>
/// A bulk insert into one table on the connection's open transaction (decision 131): the values of up to
/// <see cref="RowsPerStatement"/> rows go into one prepared multi-row <c>INSERT … VALUES (…), (…) …</c>, bound by
/// position (Microsoft.Data.Sqlite's by-name look-up makes a many-parameter statement quadratic) and stepped once;
/// the statement is reused for every full group, and the rows left at the end go into one statement of their own.
/// Rows given with <see cref="Add"/> are written in their order, so an AUTOINCREMENT id follows it.
/// </summary>
internal sealed class SqliteRowsInsert : IDisposable
{
    /// <summary>Rows per statement: 100 rows of 17 columns are 1,700 parameters, well under SQLite's 32,766.</summary>
    public const int RowsPerStatement = 100;

    private readonly sqlite3 db;
    private readonly string head;
    private readonly string tail;
    private readonly int columns;
    private readonly Action<sqlite3_stmt>? returned;
    private readonly object?[] values;
    private byte[] utf8 = new byte[4096];
    private sqlite3_stmt? full;
    private int rows;
    private int column;

    /// <param name="db">The connection's handle (its transaction is the one written in).</param>
    /// <param name="head"><c>INSERT INTO table (columns) VALUES</c>.</param>
    /// <param name="columns">Values per row.</param>
    /// <param name="tail">What follows the rows (<c>ON CONFLICT …</c>, <c>RETURNING …</c>), or empty.</param>
    /// <param name="returned">Called for each row a <c>RETURNING</c> gives back.</param>
    public SqliteRowsInsert(sqlite3 db, string head, int columns, string tail = "", Action<sqlite3_stmt>? returned = null)
    {
        this.db = db;
        this.head = head;
        this.tail = tail;
        this.columns = columns;
        this.returned = returned;
        values = new object?[RowsPerStatement * columns];
    }

    /// <summary>The next value of the current row: null, <see cref="string"/>, <see cref="long"/>, <see cref="int"/>, or <see cref="byte"/>[].</summary>
    public SqliteRowsInsert Add(object? value)
    {
        values[(rows * columns) + column] = value;
        if (++column == columns)
        {
            column = 0;
            if (++rows == RowsPerStatement)
            {
                full ??= Prepare(RowsPerStatement);
                Run(full, RowsPerStatement);
                Check(raw.sqlite3_reset(full));
                rows = 0;
            }
        }

        return this;
    }

    /// <summary>A money amount as the store keeps it on SQLite: the decimal's invariant text, scale included.</summary>
    public SqliteRowsInsert Amount(decimal value) => Add(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>A nullable time as Microsoft.Data.Sqlite writes it, in UTC.</summary>
    public SqliteRowsInsert Time(DateTimeOffset? value) => Add(value is { } time ? SqliteTime.Format(time.ToUniversalTime()) : null);

    /// <summary>Writes the rows still held (call once, after the last row).</summary>
    public void Flush()
    {
        if (column != 0)
        {
            throw new InvalidOperationException($"A row is incomplete: {column} of {columns} values given.");
        }

        if (rows == 0)
        {
            return;
        }

        using var rest = Prepare(rows);
        Run(rest, rows);
        rows = 0;
    }

    public void Dispose() => full?.Dispose();

    private sqlite3_stmt Prepare(int count)
    {
        var sql = new StringBuilder(head.Length + tail.Length + (count * ((columns * 2) + 3)));
        sql.Append(head);
        for (var row = 0; row < count; row++)
        {
            sql.Append(row == 0 ? " (" : ", (");
            for (var i = 0; i < columns; i++)
            {
                sql.Append(i == 0 ? "?" : ",?");
            }

            sql.Append(')');
        }

        if (tail.Length > 0)
        {
            sql.Append(' ').Append(tail);
        }

        Check(raw.sqlite3_prepare_v2(db, sql.ToString(), out var statement));
        return statement;
    }

    private void Run(sqlite3_stmt statement, int count)
    {
        var n = count * columns;
        for (var i = 0; i < n; i++)
        {
            var index = i + 1;
            Check(values[i] switch
            {
                null => raw.sqlite3_bind_null(statement, index),
                string text => BindText(statement, index, text),
                long number => raw.sqlite3_bind_int64(statement, index, number),
                int number => raw.sqlite3_bind_int64(statement, index, number),
                byte[] bytes => raw.sqlite3_bind_blob(statement, index, bytes),
                var other => throw new ArgumentException($"A {other.GetType().Name} is not a value this insert binds."),
            });
            values[i] = null;
        }

        int result;
        while ((result = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
        {
            returned?.Invoke(statement);
        }

        if (result != raw.SQLITE_DONE)
        {
            Check(result);
        }
    }

    /// <summary>Text as UTF-8 from one reused buffer (SQLite copies a bound span): no byte array per value.</summary>
    private int BindText(sqlite3_stmt statement, int index, string text)
    {
        if (text.Length == 0)
        {
            // An empty span would bind as a null pointer, which SQLite takes for NULL.
            return raw.sqlite3_bind_text(statement, index, text);
        }

        var needed = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (needed > utf8.Length)
        {
            utf8 = new byte[Math.Max(needed, utf8.Length * 2)];
        }

        var length = Encoding.UTF8.GetBytes(text, utf8);
        return raw.sqlite3_bind_text(statement, index, utf8.AsSpan(0, length));
    }

    private void Check(int result) => SqliteException.ThrowExceptionForRC(result, db);
}
