import Foundation
import HearthPractice
import HearthRecords

/// An in-memory record store with a few people and beliefs, and a way to run a practice over it
/// with scripted answers and store what it gathered, as `hearth practice` does.
final class PracticeFixture {
    let store: RecordStore
    let clock = SteppedTime()
    static let utc = TimeZone(identifier: "UTC")!

    init() throws {
        store = RecordStore(database: try PlaintextDatabase.empty())
    }

    var now: RecordTime { RecordTime(date: clock.now, offsetSeconds: 0) }

    @discardableResult
    func person(_ name: String, steadiness: Int? = nil) throws -> String {
        let p = Person(common: RecordCommon(at: now), name: name,
                       steadinessHistory: steadiness.map { [.init(at: now, steadiness: $0)] } ?? [], notes: "Met at the choir")
        try store.write { try $0.insert(.person(p)) }
        return p.id
    }

    @discardableResult
    func belief(_ old: String, counter: String, ratedAt: RecordTime? = nil) throws -> String {
        let b = Belief(common: RecordCommon(at: now), belief: old, counterBelief: counter,
                       ratings: ratedAt.map { [.init(at: $0, believability: 80, counterBelievability: 20)] } ?? [])
        try store.write { try $0.insert(.belief(b)) }
        return b.id
    }

    struct Run {
        let ending: PracticeEnding
        let prompt: ScriptedPrompt
        let changes: PracticeChanges
    }

    /// Runs `practice` with `script` and stores what it gathered (whatever the ending; only
    /// gathers it with `store: false`).
    @discardableResult
    func run(_ practice: Practice?, _ script: [(PracticeQuestion, ScriptedPrompt.Reply)], after: Bool = false,
             minutes: Double? = nil, keyAfter: Double? = nil, stopAfter: Double? = nil, store storing: Bool = true) throws -> Run {
        let data = try store.read { try PracticeData.read(from: $0) }
        let prompt = ScriptedPrompt(script, clock: clock)
        prompt.keyAfter = keyAfter
        prompt.stopAfter = stopAfter
        let session = PracticeSession(prompt: prompt, data: data, clock: { [clock] in clock.now }, timeZone: Self.utc)
        let ending = session.run(practice, after: after, minutes: minutes)
        let changes = session.changes
        if storing { try store.write { try changes.apply(to: $0, now: now) } }
        clock.advance(60)
        return Run(ending: ending, prompt: prompt, changes: changes)
    }

    func all(_ kind: RecordKind) throws -> [AnyRecord] { try store.read { try $0.list(RecordFilter(kind: kind)) } }

    func people() throws -> [Person] { try all(.person).compactMap { if case .person(let p) = $0 { p } else { nil } } }
    func connections() throws -> [Connection] { try all(.connection).compactMap { if case .connection(let c) = $0 { c } else { nil } } }
    func beliefs() throws -> [Belief] { try all(.belief).compactMap { if case .belief(let b) = $0 { b } else { nil } } }
    func scripts() throws -> [Script] { try all(.script).compactMap { if case .script(let s) = $0 { s } else { nil } } }
    func bodies() throws -> [BodyCheckIn] { try all(.body).compactMap { if case .body(let b) = $0 { b } else { nil } } }

    /// Every record's stored values as one text (to look for what was typed).
    func everything() throws -> String {
        try store.read { try $0.all() }.map { JSONWriter.compact(.object(RecordJSON.object(for: $0))) }.joined(separator: "\n")
    }
}
