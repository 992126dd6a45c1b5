import Foundation

// Every sentence Hearth says to a person on the terminal is written in this module, one file per
// topic (Message+Backups.swift, Message+Restore.swift, ...), so that the whole list can be read
// side by side, in one voice (Docs/MESSAGES.md says how to write one).
//
// By default a message is at most three short lines: what happened, that nothing was lost
// (when that is true), and the next step. Technical detail (key epochs, fingerprints, errno
// names, which check failed) is the message's `detail`, shown only with `--verbose` or
// `$HEARTH_VERBOSE=1`.
//
// `Message`'s initializer is internal to this module: the only way to make one is a public static
// constructor here, taking only what varies (paths, counts, ids, slot numbers), never a secret or
// record text. The CLI's Console, Terminal and CLIFailure take a `Message`, not a String, and
// MessageCatalogueTests fails when any other file writes to the terminal another way.

/// One thing Hearth says to a person (on stderr, or on the terminal as a question).
public struct Message: Sendable, Equatable, CustomStringConvertible {
    /// A stable name for the message (its constructor's name), for tests and for `--verbose`.
    public let key: String
    /// What is shown by default: at most three short lines.
    public let text: String
    /// What `--verbose` adds below it.
    public let detail: String?
    /// A warning of a risk the person should hear of even when they asked for quiet (`-q`): an
    /// older copy opened, a save missing, a check that is off, a weak key or a folder others can
    /// change. `-q` leaves out notes and progress, never warnings or failures.
    public let isWarning: Bool

    /// A warning (`isWarning`), made by the catalogue's constructors for risks.
    static func warning(_ text: String, detail: String? = nil, key: String = #function) -> Message {
        Message(text, detail: detail, warning: true, key: key)
    }

    /// Internal to HearthMessages: only the catalogue's constructors make a message.
    init(_ text: String, detail: String? = nil, warning: Bool = false, key: String = #function) {
        self.key = String(key.prefix { $0 != "(" })
        self.text = text
        self.detail = detail
        self.isWarning = warning
    }

    /// The text as shown. With `verbose`, its detail follows, indented, and last the message's
    /// key in parentheses (`  (vaultDamaged)`): what to quote when asking for help, and how the
    /// end-to-end tests tell each message on stderr apart.
    public func rendered(verbose: Bool) -> String {
        guard verbose else { return text }
        var lines = [text]
        if let detail, !detail.isEmpty {
            lines += detail.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }
        }
        lines.append("  (\(key))")
        return lines.joined(separator: "\n")
    }

    public var description: String { text }

    /// The text and its detail in one, for data (verify's JSON) and for the detail of another message.
    public var fullText: String { detail.map { text + "\n" + $0 } ?? text }

    /// This message with another after it (one message, several lines), e.g. a finding and its advice.
    public func then(_ next: Message?) -> Message {
        guard let next else { return self }
        let details = [detail, next.detail].compactMap { $0 }
        return Message(text + "\n" + next.text, detail: details.isEmpty ? nil : details.joined(separator: "\n"),
                       warning: isWarning || next.isWarning, key: key)
    }

    /// The same message shown without its "Nothing was changed." (inside a retry loop, where it is implied).
    public var withoutNothingChanged: Message {
        Message(text.replacingOccurrences(of: " Nothing was changed.", with: "")
                    .replacingOccurrences(of: "\nNothing was changed.", with: ""),
                detail: detail, warning: isWarning, key: key)
    }
}

/// "1 record", "2 records": counts agree with their nouns.
func plural(_ count: Int, _ one: String, _ many: String? = nil) -> String {
    "\(count) \(count == 1 ? one : (many ?? one + "s"))"
}

/// An errno's text ("No space left on device"), for a message's detail.
func errnoText(_ code: Int32) -> String { String(cString: strerror(code)) }
