import HearthMessages
import HearthRecords

/// What a person is told about records whose stored values Hearth cannot read (a copy made
/// elsewhere, a damaged value, an older bug): which they are, that nothing else is affected,
/// and how to remove or keep them. Such a record never stops the rest from being shown.
enum UnreadableRecords {
    /// A note on stderr naming each unreadable record; nothing when there are none.
    static func report(_ unreadable: [UnreadableRecord], leftOutOf what: String) {
        guard !unreadable.isEmpty else { return }
        let count = unreadable.count
        let names = unreadable.prefix(20).map(\.name).joined(separator: ", ") + (count > 20 ? ", and \(count - 20) more" : "")
        let example = unreadable.first { $0.id != nil && $0.kind != nil }
        Console.message(.unreadableRecords(
            count: count, names: names, leftOutOf: what,
            deleteHint: example.map { "hearth \($0.kind!.commandName) delete \($0.id!)" }))
    }
}
