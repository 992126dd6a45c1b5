import Foundation
import HearthRecords

/// One thing a practice stores: only ordinary records and what they already allow.
public enum PracticeChange: Equatable, Sendable {
    /// A new record (a connection, a script, a body check-in).
    case add(AnyRecord)
    /// A dated steadiness rating.
    case steadiness(personID: String, rating: Person.SteadinessRating)
    /// A dated line added to a person's notes, and a tag.
    case personNote(personID: String, line: String?, tag: String?)
    /// A dated believability rating.
    case beliefRating(beliefID: String, rating: Belief.Rating)
    /// How a micro-share was met, filled into the connection made before it.
    case shareMet(connectionID: String, response: ShareResponse?, stateAfter: NervousSystemState?, activationAfter: Int?, note: String?)
}

/// What a practice has to store so far, in order. Each entry has a key so that an answer given
/// later in the flow updates the change it belongs to (one connection, one note per person).
public struct PracticeChanges: Equatable, Sendable {
    public private(set) var entries: [(key: String, change: PracticeChange)] = []

    public init() {}

    public var changes: [PracticeChange] { entries.map(\.change) }
    public var isEmpty: Bool { entries.isEmpty }

    /// The new records among the changes.
    public var newRecords: [AnyRecord] {
        changes.compactMap { if case .add(let record) = $0 { record } else { nil } }
    }

    /// How to go on after leaving `practice` (nil: the menu): a share noted before it happened
    /// goes on with `--after`.
    public func goOn(_ practice: Practice?) -> String {
        for case .connection(let c) in newRecords where c.response == nil && c.stateAfter == nil {
            return "hearth practice share --after"
        }
        return "hearth practice" + (practice.map { " " + $0.rawValue } ?? "")
    }

    /// Sets the change under `key` (replacing it where it was), or removes it (nil).
    public mutating func set(_ key: String, _ change: PracticeChange?) {
        if let index = entries.firstIndex(where: { $0.key == key }) {
            if let change { entries[index].change = change } else { entries.remove(at: index) }
        } else if let change {
            entries.append((key, change))
        }
    }

    /// Stores every change, inside the caller's transaction (all or nothing). Existing records
    /// are read again here, so that a change made elsewhere meanwhile is kept. Storing the same
    /// changes twice stores them once (a draft saved again after its save committed adds
    /// nothing), and a change whose record is no longer in the vault is handed back, unstored.
    @discardableResult
    public func apply(to records: Records, now: RecordTime) throws -> PracticeStored {
        var stored = PracticeStored()
        for (key, change) in entries {
            switch change {
            case .add(let record):
                if try records.record(id: record.id) != nil || records.tombstone(id: record.id) != nil { continue }
                // Someone it names was deleted meanwhile: the record is kept, without that link.
                let gone = try record.people.filter { try records.kind(of: $0) != .person }
                stored.note(missing: gone)
                try records.insert(record.leavingOut(people: Set(gone)))
            case .steadiness(let id, let rating):
                guard case .person(let person)? = try records.record(id: id) else {
                    stored.leaveOut(key, change, missing: id)
                    continue
                }
                if !person.steadinessHistory.contains(rating) { try records.rateSteadiness(personID: id, rating: rating, at: now) }
            case .beliefRating(let id, let rating):
                guard case .belief(let belief)? = try records.record(id: id) else {
                    stored.leaveOut(key, change, missing: id)
                    continue
                }
                if !belief.ratings.contains(rating) { try records.rateBelief(id: id, rating: rating, at: now) }
            case .personNote(let id, let line, let tag):
                guard case .person(var person)? = try records.record(id: id) else {
                    stored.leaveOut(key, change, missing: id)
                    continue
                }
                let before = person
                if let line, !Self.holds(person.notes, line) { person.notes = Self.appending(line, to: person.notes) }
                if let tag, !person.common.tags.contains(tag) { person.common.tags.append(tag) }
                guard person != before else { continue }
                person.common.updatedAt = now
                try records.update(.person(person))
            case .shareMet(let id, let response, let stateAfter, let activationAfter, let note):
                guard case .connection(var c)? = try records.record(id: id) else {
                    stored.leaveOut(key, change, missing: id)
                    continue
                }
                let before = c
                c.response = response ?? c.response
                c.stateAfter = stateAfter ?? c.stateAfter
                c.activationAfter = activationAfter ?? c.activationAfter
                if let note, !Self.holds(c.notes, note) { c.notes = Self.appending(note, to: c.notes) }
                guard c != before else { continue }
                c.common.updatedAt = now
                try records.update(.connection(c))
            }
        }
        stored.storedNothing = !entries.isEmpty && stored.leftOut.entries.count == entries.count
        return stored
    }

    /// True when `text` already holds `line` as one of its lines.
    static func holds(_ text: String, _ line: String) -> Bool {
        text.split(separator: "\n", omittingEmptySubsequences: false).contains { $0 == line }
    }

    static func appending(_ line: String, to text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? line : text + "\n" + line
    }

    public static func == (a: PracticeChanges, b: PracticeChanges) -> Bool {
        a.entries.map(\.key) == b.entries.map(\.key) && a.changes == b.changes
    }
}

/// What the practices read from the vault before they begin (the vault is unlocked first, so a
/// wrong passphrase never costs an answer).
public struct PracticeData: Sendable {
    public var people: [Person]
    /// Beliefs with a counter-belief, not yet released.
    public var beliefs: [Belief]
    /// Micro-shares noted before and not yet after (no response yet), latest first.
    public var openShares: [Connection]

    public init(people: [Person] = [], beliefs: [Belief] = [], openShares: [Connection] = []) {
        self.people = people
        self.beliefs = beliefs
        self.openShares = openShares
    }

    /// At most this many open shares are offered to choose from.
    public static let openSharesShown = 9

    public static func read(from records: Records) throws -> PracticeData {
        let people = try records.list(RecordFilter(kind: .person)).compactMap { r -> Person? in
            if case .person(let p) = r { p } else { nil }
        }
        let beliefs = try records.list(RecordFilter(kind: .belief)).compactMap { r -> Belief? in
            guard case .belief(let b) = r, b.status != .released,
                  !b.counterBelief.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
            return b
        }
        let shares = try records.list(RecordFilter(kind: .connection)).reversed().compactMap { r -> Connection? in
            guard case .connection(let c) = r, c.shareDepth != nil, c.response == nil else { return nil }
            return c
        }
        return PracticeData(people: people, beliefs: beliefs, openShares: Array(shares.prefix(openSharesShown)))
    }

    /// The belief practised least recently: never rated first, then the oldest latest rating.
    public var leastRecentlyPractised: Belief? {
        beliefs.min { a, b in
            switch (a.ratings.last?.at, b.ratings.last?.at) {
            case (nil, nil): return a.common.at < b.common.at
            case (nil, _): return true
            case (_, nil): return false
            case (let x?, let y?): return x < y
            }
        }
    }

    func name(of id: String) -> String? { people.first { $0.id == id }?.name }
}
