import GRDB

extension FetchableRecord where Self: TableRecord {
    /// The row whose `column` (its primary key, or a unique column) equals `value`, as
    /// `fetchOne(db, key:)` finds it, through a statement the connection keeps prepared. Every
    /// API request looks up its caller's credential and account, and most a session, by key:
    /// the query interface would build the SQL, parse and prepare it again each time, which cost
    /// more CPU than SQLite's own search (perf, `Benchmarks/api_load.py`).
    static func fetchOne(_ db: Database, where column: String, is value: some DatabaseValueConvertible) throws -> Self? {
        let sql = "SELECT * FROM \(databaseTableName.quotedDatabaseIdentifier) WHERE \(column.quotedDatabaseIdentifier) = ?"
        return try fetchOne(db.cachedStatement(sql: sql), arguments: [value])
    }
}
