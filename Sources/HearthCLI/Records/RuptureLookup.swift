import Foundation
import HearthRecords

/// The repair question of the guided prompt: an earlier connection where something went wrong
/// that no connection has repaired yet. Only the latest connection with each person is looked
/// at, so the question comes once, at the next connection after the rupture, whatever the
/// answer (a later repair can still be noted with `--edit`, `repair_of:`): no nagging.
enum RuptureLookup {
    /// The open rupture with the first of `ids` that has one, named for the question.
    static func open(
        with ids: [String], in access: RecordAccess, people: [RecordTemplate.PersonChoice], now: Date = HearthClock.current.now()
    ) throws -> GuidedPrompt.OpenRupture? {
        for id in ids {
            let connections = try access.store.read { try $0.list(RecordFilter(kind: .connection, person: id)) }
            if let rupture = Connection.unrepairedRupture(latestOf: connections, before: now) {
                let name = people.first { $0.id == id }?.name ?? "them"
                return GuidedPrompt.OpenRupture(id: rupture.id, at: rupture.common.at, name: name)
            }
        }
        return nil
    }
}
