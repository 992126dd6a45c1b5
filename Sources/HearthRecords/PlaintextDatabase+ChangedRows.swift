import GRDB

extension PlaintextDatabase {
    /// How many rows every statement on this connection has inserted, updated or deleted so
    /// far (SQLite's `total_changes`): compared before and after a change, it tells whether
    /// there is anything to save.
    public var changedRows: Int { queue.inDatabase { $0.totalChangesCount } }
}
