import Foundation
import HearthDisplayWidth
import HearthInsights
import HearthRecords

/// Records as people read them on a screen. Listings show previews only; `show` shows all.
public enum RecordPrinter {
    /// `2026-11-24 21:30`, in the offset the record was written in.
    public static func dateText(_ time: RecordTime) -> String {
        let iso = time.iso8601
        return String(iso.prefix(16)).replacingOccurrences(of: "T", with: " ")
    }

    public static func dayText(_ time: RecordTime) -> String { String(time.iso8601.prefix(10)) }

    /// One line of a listing; `names` adds who was there to connections; `id` is the id as
    /// shown (a short id, `Records.shortIDs`; the whole id when not given).
    public static func listLine(_ record: AnyRecord, names: [String: String] = [:], id: String? = nil) -> String {
        let star = record.common.starred ? "*" : " "
        let id = id ?? record.id
        if case .connection(let c) = record, !c.people.isEmpty {
            let who = c.people.compactMap { names[$0] }.joined(separator: ", ")
            let preview = [who, c.preview(maxLength: 50)].filter { !$0.isEmpty }.joined(separator: " · ")
            return "\(id)  \(dateText(record.common.at)) \(star) \(preview)"
        }
        if case .person(let p) = record {
            var line = "\(id)  \(star) \(p.preview())"
            if let last = p.lastContact { line += "  (last contact \(dayText(last)))" }
            return line
        }
        return "\(id)  \(dateText(record.common.at)) \(star) \(record.preview())"
    }

    /// The lines of a listing, its columns aligned by display width (`DisplayWidth`: names and
    /// text in CJK or with emoji keep them straight): ids as `shortIDs` gives them (the whole id
    /// when missing), the date, a star, the preview; people with their last contact in a column
    /// of its own.
    public static func listLines(_ records: [AnyRecord], names: [String: String] = [:], shortIDs: [String: String] = [:]) -> [String] {
        let ids = records.map { shortIDs[$0.id] ?? $0.id }
        let idWidth = ids.map { DisplayWidth.of($0) }.max() ?? 0
        let people = records.compactMap { record -> Person? in if case .person(let p) = record { return p } else { return nil } }
        if people.count == records.count {
            let rows = zip(ids, people).map { id, p in
                [id, (p.common.starred ? "*" : " ") + " " + p.preview(), p.lastContact.map { "(last contact \(dayText($0)))" } ?? ""]
            }
            return TextColumns().lines(rows)
        }
        return zip(records, ids).map { record, id in listLine(record, names: names, id: DisplayWidth.padded(id, to: idWidth)) }
    }

    /// The lines of search results: id (short, as `shortIDs` gives it), date, kind, snippet.
    public static func searchLines(_ hits: [SearchHit], shortIDs: [String: String] = [:]) -> [String] {
        let ids = hits.map { shortIDs[$0.id] ?? $0.id }
        let idWidth = ids.map { DisplayWidth.of($0) }.max() ?? 0
        return zip(hits, ids).map { hit, id in
            "\(DisplayWidth.padded(id, to: idWidth))  \(dateText(hit.at))  \(DisplayWidth.padded(hit.kind.rawValue, to: 10)) \(hit.snippet)"
        }
    }

    /// The whole record.
    public static func full(_ record: AnyRecord, names: [String: String]) -> String {
        var lines: [String] = []
        func add(_ label: String, _ value: String?) {
            guard let value, !value.isEmpty else { return }
            lines.append((label + ":").padding(toLength: 19, withPad: " ", startingAt: 0) + value)
        }
        func people(_ ids: [String]) -> String {
            ids.map { id in names[id].map { "\($0) (\(id.prefix(8)))" } ?? id }.joined(separator: ", ")
        }
        func signed(_ n: Int?) -> String? { n.map { $0 > 0 ? "+\($0)" : "\($0)" } }
        func section(_ title: String, _ text: String) {
            guard !text.isEmpty else { return }
            lines.append("")
            lines.append("## \(title)")
            lines.append(text)
        }
        let c = record.common
        lines.append("\(record.kind.singular.capitalizedFirst)  \(c.id)")
        add("When", dateText(c.at) + " (" + String(c.at.iso8601.suffix(c.at.offsetSeconds == 0 ? 1 : 6)) + ")")
        add("Tags", c.tags.joined(separator: ", "))
        if c.starred { add("Starred", "yes") }
        switch record {
        case .journal(let r):
            add("Feelings", r.feelings.joined(separator: ", "))
            add("People", people(r.people))
            lines.append("")
            lines.append(r.text)
        case .person(let p):
            add("Name", p.name)
            add("Roles", p.roles.joined(separator: ", "))
            add("Steadiness", p.steadiness.map { "\($0) of 5" + (p.steadinessHistory.count > 1
                ? "  (" + p.steadinessHistory.map { "\(dayText($0.at)): \($0.steadiness)" }.joined(separator: ", ") + ")" : "") })
            if p.reachWhenStruggling { add("When struggling", "someone I can reach") }
            add("Check in", p.checkInDays.map { Wording.every(days: $0) })
            add("Resting until", p.snoozedUntil.map(dayText))
            add("Last contact", p.lastContact.map(dateText))
            section("Boundaries", p.boundaries)
            section("Notes", p.notes)
        case .connection(let r):
            add("People", people(r.people))
            add("How", r.channel?.label)
            add("Reached out", r.initiatedBy?.label)
            add("Safety", signed(r.safety).map { "\($0)  (-2 unsafe … +2 very safe)" })
            add("Before", [r.stateBefore?.rawValue, r.activationBefore.map { "activation \($0)" }].compactMap { $0 }.joined(separator: ", "))
            add("After", [r.stateAfter?.rawValue, r.activationAfter.map { "activation \($0)" }].compactMap { $0 }.joined(separator: ", "))
            add("Share", r.shareDepth.map { "\($0) of 5" + (r.response.map { ", met as \($0.rawValue)" } ?? "") })
            add("Support received", r.supportReceived.joined(separator: ", "))
            add("Support given", r.supportGiven.joined(separator: ", "))
            if r.rupture { add("Rupture", "yes" + (r.repairedBy.isEmpty ? "" : ", repaired by " + r.repairedBy.joined(separator: ", "))) }
            add("Repairs", r.repairOf)
            add("Feelings", r.feelings.joined(separator: ", "))
            section("What I shared", r.shared)
            section("Notes", r.notes)
        case .body(let r):
            add("State", r.state.label)
            add("Activation", "\(r.activation)" + (r.activationAfter.map { " → \($0)" } ?? ""))
            for s in r.sensations {
                add("Sensation", [s.region, s.quality, s.intensity.map { "\($0)/10" }].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", "))
            }
            for h in r.helped { add("Helped", h.strategy + (signed(h.effect).map { " (\($0))" } ?? "")) }
            add("Who was there", people(r.people))
            add("Feelings", r.feelings.joined(separator: ", "))
            section("Context", r.context)
            section("Notes", r.notes)
        case .belief(let r):
            add("Status", r.status.label)
            add("Believability", r.believability.map { "\($0)/100" })
            add("Counter", r.counterBelievability.map { "\($0)/100" })
            if r.ratings.count > 1 {
                add("Over time", r.ratings.map { "\(dayText($0.at)): \($0.believability.map(String.init) ?? "–")/\($0.counterBelievability.map(String.init) ?? "–")" }
                    .joined(separator: ", "))
            }
            section("The old belief", r.belief)
            section("Counter-belief", r.counterBelief)
        case .script(let r):
            add("People", people(r.people))
            add("Feelings", r.feelings.joined(separator: ", "))
            section("The script", r.script)
            section("What set it off", r.trigger)
            section("The urge", r.urge)
            section("What I did instead", r.instead)
            section("Notes", r.notes)
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    public var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
