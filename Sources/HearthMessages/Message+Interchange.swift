import Foundation

// What an import from another app's format says beyond its counts (`imported`).
extension Message {
    /// What an import could not use, named by line or file (never by its text).
    public static func importSkipped(_ skipped: [(place: String, reason: String)]) -> Message {
        let shown = skipped.prefix(5).map { "\($0.place) (\($0.reason))" }
        let more = skipped.count > shown.count ? ", and \(skipped.count - shown.count) more (--verbose lists them)" : ""
        return Message("""
            Left out \(plural(skipped.count, "part")) of the input that could not be used: \(shown.joined(separator: "; "))\(more).
            Everything else was read; fix these and import again to bring them too (nothing is added twice).
            """, detail: skipped.map { "\($0.place): \($0.reason)" }.joined(separator: "\n"))
    }

    /// A folder of notes too large for one import.
    public static func importTooLarge(_ what: String) -> Message {
        Message("This is more than one import reads (\(what)). Nothing was imported; import the folders one at a time.")
    }

    /// `import --format markdown` without a folder.
    public static var importNeedsNotes: Message {
        Message("Name the folder of notes (or the files) to import: hearth import --format markdown DIR. Nothing was imported.")
    }

    /// More than one file for a format that reads one.
    public static func importOneFileOnly(_ format: String) -> Message {
        Message("--format \(format) reads one file (or stdin). Nothing was imported; import the files one at a time.")
    }
}
