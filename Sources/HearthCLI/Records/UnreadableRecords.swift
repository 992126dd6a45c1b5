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
        let delete = example.map { "`hearth \($0.kind!.commandName) delete \($0.id!)` removes \(count == 1 ? "it" : "one")" }
            ?? "deleting it needs its id"
        Console.message("""
            \(count == 1 ? "One record" : "\(count) records") could not be read and \(count == 1 ? "is" : "are") left out of \(what): \
            \(names). \(count == 1 ? "It holds" : "They hold") a stored value Hearth does not understand (from a damaged \
            copy or an older version). Everything else is fine, and nothing was changed. \(delete); \
            `hearth export --format json` keeps \(count == 1 ? "its" : "their") stored values.
            """)
    }

    /// The message for one record that cannot be read (show, edit, rate).
    static func message(id: String) -> String {
        """
        The record \(id) could not be read: it holds a stored value Hearth does not understand (from a damaged copy \
        or an older version). The rest of the vault is fine, and nothing was changed. Deleting it removes it \
        (`hearth KIND delete \(id)`); `hearth export --format json` keeps its stored values.
        """
    }
}
