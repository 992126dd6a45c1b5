import Foundation
import GRDB
import HearthRecords

/// Someone with a check-in rhythm whose rhythm has passed since the last connection of any
/// kind (or since they were added): an invitation to reach out, never a debt. Shown only when
/// asked for (`hearth people due`).
public struct CheckInInvitation: Equatable, Sendable {
    public let person: PersonRef
    /// Every so many days, as the person chose.
    public let rhythmDays: Int
    /// The latest connection with them, if any was written down.
    public let lastContact: RecordTime?
    /// When the rhythm passed (or a snooze ended).
    public let dueSince: Date

    /// Whole days since the last connection, if there was one.
    public func daysSinceContact(now: Date) -> Int? {
        lastContact.map { max(0, Int(now.timeIntervalSince($0.date) / 86_400)) }
    }
}

public enum CheckInInvitations {
    /// The people whose check-in would be welcome at `now`, longest waiting first, read with
    /// two small queries: the people with a rhythm, and the latest connection with each person
    /// (one pass over connections, rather than every record of every person).
    public static func due(in database: PlaintextDatabase, now: Date) throws -> [CheckInInvitation] {
        try database.queue.read { db in
            var latest: [Int64: RecordTime] = [:]
            // SQLite gives the bare column `at` from the row holding the max().
            for row in try Row.fetchAll(db, sql: """
                SELECT rp.person_seq AS person, max(r.at_utc) AS utc, r.at AS at
                FROM connection c CROSS JOIN record r ON r.seq = c.seq CROSS JOIN record_person rp ON rp.record_seq = c.seq
                GROUP BY rp.person_seq
                """) {
                if let text = try? row.decode(String.self, forColumn: "at"), let at = RecordTime(iso8601: text),
                   let person = try? row.decode(Int64.self, forColumn: "person")
                { latest[person] = at }
            }
            let people = try Row.fetchAll(db, sql: """
                SELECT p.seq AS seq, r.id AS id, p.name AS name, p.check_in_days AS days, p.snoozed_until AS snoozed,
                    r.at AS added
                FROM person p CROSS JOIN record r ON r.seq = p.seq WHERE p.check_in_days IS NOT NULL
                """)
            // A person whose stored values do not decode is left out (`people list` reports it).
            return due(among: people.compactMap { row -> Person? in
                guard let added = (try? row.decode(String.self, forColumn: "added")).flatMap(RecordTime.init(iso8601:)),
                      let seq = try? row.decode(Int64.self, forColumn: "seq"), let id = try? row.decode(String.self, forColumn: "id"),
                      let name = try? row.decode(String.self, forColumn: "name"), let days = try? row.decode(Int.self, forColumn: "days")
                else { return nil }
                let snoozed = (try? row.decode(String?.self, forColumn: "snoozed")) ?? nil
                return Person(
                    common: RecordCommon(id: id, at: added), name: name, checkInDays: days,
                    snoozedUntil: snoozed.flatMap(RecordTime.init(iso8601:)), lastContact: latest[seq])
            }, now: now)
        }
    }

    /// The people whose check-in would be welcome at `now` (`Person.checkInDue`, the rule
    /// `people list --due` uses too), longest waiting first.
    public static func due(among people: [Person], now: Date) -> [CheckInInvitation] {
        people.compactMap { p -> CheckInInvitation? in
            guard let days = p.checkInDays, let due = p.checkInDue, due <= now else { return nil }
            return CheckInInvitation(person: PersonRef(id: p.id, name: p.name), rhythmDays: days, lastContact: p.lastContact, dueSince: due)
        }
        .sorted { $0.dueSince != $1.dueSince ? $0.dueSince < $1.dueSince : PersonRef.inNameOrder($0.person, $1.person) }
    }

    /// `hearth people due --json`: one object per invitation; `due_since` with `timeZone`'s offset.
    public static func json(_ invitations: [CheckInInvitation], now: Date, timeZone: TimeZone) -> JSONValue {
        .array(invitations.map { i in
            var o = JSONObject(["person_id": .string(i.person.id), "name": .string(i.person.name)])
            o["check_in_days"] = .integer(Int64(i.rhythmDays))
            o["last_contact"] = .optionalString(i.lastContact?.iso8601)
            o["days_since_contact"] = .optionalInteger(i.daysSinceContact(now: now))
            o["due_since"] = .string(RecordTime(date: i.dueSince, offsetSeconds: timeZone.secondsFromGMT(for: i.dueSince)).iso8601)
            return .object(o)
        })
    }

    /// "3 days", "2 weeks", "5 months": roughly how long, in words a person uses.
    public static func roughly(days: Int) -> String {
        switch days {
        case ..<1: "less than a day"
        case 1: "a day"
        case ..<14: "\(days) days"
        case ..<60: "\(days / 7) weeks"
        case ..<730: "\(days / 30) months"
        default: "\(days / 365) years"
        }
    }
}
