import Foundation
import HearthRecords

/// The repair question of the guided prompt: an earlier connection where something went wrong
/// that no connection has repaired yet. Only the latest connection with each person is looked
/// at, so the question comes once, at the next connection after the rupture, whatever the
/// answer (a later repair can still be noted with `--edit`, `repair_of:`): no nagging.
public enum RuptureLookup {
    /// The open rupture with the first of `ids` that has one, named for the question.
    public static func open(
        with ids: [String], in store: RecordStore, people: [RecordTemplate.PersonChoice], now: Date = Date()
    ) throws -> OpenRupture? {
        for id in ids {
            let connections = try store.read { try $0.list(RecordFilter(kind: .connection, person: id)) }
            if let rupture = Connection.unrepairedRupture(latestOf: connections, before: now) {
                let name = people.first { $0.id == id }?.name ?? "them"
                return OpenRupture(id: rupture.id, at: rupture.common.at, name: name)
            }
        }
        return nil
    }
}

/// An unrepaired rupture, as the guided prompt's repair question names it.
public struct OpenRupture: Equatable, Sendable {
    public let id: String
    public let at: RecordTime
    public let name: String

    public init(id: String, at: RecordTime, name: String) {
        self.id = id
        self.at = at
        self.name = name
    }
}
