import Foundation
import HearthRecords
import HearthRunContext

/// Turns what a person typed for one field (in the editor's front matter or at a prompt)
/// into its JSON value, and back. Problems name the field, never what was typed.
public enum FieldValues {
    /// A typed value could not be used.
    public struct Problem: Error {
        public let message: String
    }

    /// The JSON value for `typed`; nil means "leave as it is" (only for an empty date).
    public static func parse(_ typed: String, for spec: FieldSpec, clock: HearthClock) throws(Problem) -> JSONValue? {
        let raw = typed.trimmingCharacters(in: .whitespaces)
        // Comments after ids and numbers (`people: 3f2a… # Sam`); text keeps every character.
        let value: String = {
            switch spec.type {
            case .line, .text: return raw
            default:
                if let hash = raw.range(of: " #") ?? (raw.hasPrefix("#") ? raw.range(of: "#") : nil) {
                    return String(raw[..<hash.lowerBound]).trimmingCharacters(in: .whitespaces)
                }
                return raw
            }
        }()
        switch spec.type {
        case .line, .text:
            return .string(value)
        case .integer(let range):
            if value.isEmpty { return .null }
            guard let n = Int(value.hasPrefix("+") ? String(value.dropFirst()) : value) else {
                throw Problem(message: "`\(spec.name)` must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return .integer(Int64(n))
        case .word, .connection:
            return value.isEmpty ? .null : .string(value)
        case .words, .people:
            return .strings(list(value))
        case .flag:
            switch value.lowercased() {
            case "", "no", "n", "false", "0": return .bool(false)
            case "yes", "y", "true", "1": return .bool(true)
            default: throw Problem(message: "`\(spec.name)` must be yes or no")
            }
        case .date:
            if value.isEmpty { return spec.name == "at" ? nil : .null }
            guard let time = RecordTime.parse(value, now: clock.now(), timeZone: clock.timeZone) else {
                throw Problem(message: "`\(spec.name)` must be a date such as 2026-11-24, 2026-11-24T21:30, today or 3d")
            }
            return .string(time.iso8601)
        case .sensations:
            return value.isEmpty ? nil : try sensation(value, spec)
        case .helped:
            return value.isEmpty ? nil : try helped(value, spec)
        }
    }

    /// What was typed at the prompt for `spec`, checked at once by the rules a whole record of
    /// `kind` follows (`RecordJSON.check`: the same as `add --json`), so that the prompt can ask
    /// again at this field. The problem says the allowed values in a few words.
    public static func checked(_ typed: String, for spec: FieldSpec, kind: RecordKind, clock: HearthClock) throws(Problem) -> JSONValue? {
        let value: JSONValue?
        do throws(Problem) {
            value = try parse(typed, for: spec, clock: clock)
        } catch {
            throw Problem(message: spec.allowed.map { "Please give \($0)" } ?? error.message)
        }
        guard let value else { return nil }
        try check(value, for: spec, kind: kind)
        return value
    }

    /// `value` for `spec` by the rules of a whole record (`RecordJSON.check`). People and
    /// links are ids, checked when they are resolved.
    public static func check(_ value: JSONValue, for spec: FieldSpec, kind: RecordKind) throws(Problem) {
        switch spec.type {
        case .people, .connection: return
        default: break
        }
        // Sensations and what helped are checked one item at a time, as a list of one.
        var field = value
        if spec.type.isItems, case .object = value { field = .array([value]) }
        do throws(RecordsError) {
            try RecordJSON.check(field: spec.name, value: field, kind: kind)
        } catch {
            let reason: String
            if case .invalidInput(let why) = error { reason = why } else { reason = "that could not be used" }
            // The records layer's reason is plain (no "Nothing was changed." tail to cut).
            throw Problem(message: spec.allowed.map { "Please give \($0)" } ?? reason)
        }
    }

    /// Comma-separated words, trimmed, empties dropped.
    public static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// One sensation (`throat lump 5`, `chest, tight, 6`: `BodyItemText`). Where nobody can be
    /// asked (the editor), what the words cannot tell is a problem to fix, not a guess.
    public static func sensation(_ text: String, _ spec: FieldSpec) throws(Problem) -> JSONValue {
        switch BodyItemText.sensation(text) {
        case .item(let value): return value
        case .problem(let why): throw Problem(message: "a sensation: " + why)
        case .askWhere, .askNumber:
            throw Problem(message: "a sensation: please say where in the body, with commas: `where, what it is like, 0-10` (for example: throat, lump, 5)")
        }
    }

    /// One thing that helped (`walked outside +2`, `long exhale, +2`: `BodyItemText`).
    public static func helped(_ text: String, _ spec: FieldSpec) throws(Problem) -> JSONValue {
        switch BodyItemText.helped(text) {
        case .item(let value): return value
        case .problem(let why): throw Problem(message: "what helped: " + why)
        case .askWhere, .askNumber:
            throw Problem(message: "what helped: a number at the end is how much it helped, from -2 to +2; end the line with a comma if the number is part of what you did")
        }
    }

    /// How a value is written back into a template or offered as a default.
    public static func render(_ value: JSONValue?, for spec: FieldSpec) -> String {
        guard let value, value != .null else { return spec.type.isFlag ? "no" : "" }
        switch value {
        case .string(let s): return s
        case .integer(let n):
            if case .integer(let range) = spec.type, range.lowerBound < 0, n > 0 { return "+\(n)" }
            return String(n)
        case .double(let d): return String(d)
        case .bool(let b): return b ? "yes" : "no"
        case .array(let elements):
            return elements.compactMap(\.stringValue).joined(separator: ", ")
        case .object, .null: return ""
        }
    }

    /// One line per sensation or helped item.
    public static func renderItems(_ value: JSONValue?, for spec: FieldSpec) -> [String] {
        guard case .array(let elements)? = value else { return [] }
        return elements.compactMap { element -> String? in
            guard case .object(let o) = element else { return nil }
            switch spec.type {
            case .sensations:
                // Always `where, what it is like[, n]`: a sensation without a place starts with a
                // comma, so that it reads back as it was.
                let region = o["region"]?.stringValue ?? "", quality = o["quality"]?.stringValue ?? ""
                let intensity: String? = { if case .integer(let n)? = o["intensity"] { return String(n) } else { return nil } }()
                let parts = quality.isEmpty && !region.isEmpty ? [region] : [region, quality]
                return (parts + (intensity.map { [$0] } ?? [])).joined(separator: ", ")
                    + (intensity == nil && quality.isEmpty ? "," : "")
            case .helped:
                let effect: String? = { if case .integer(let n)? = o["effect"] { return n > 0 ? "+\(n)" : String(n) } else { return nil } }()
                // Without an effect the line ends in a comma, so a number inside what was done
                // ("slept 8") is never read back as an effect.
                return ([o["strategy"]?.stringValue ?? ""] + (effect.map { [$0] } ?? [])).joined(separator: ", ") + (effect == nil ? "," : "")
            default:
                return nil
            }
        }
    }
}

extension FieldSpec.ValueType {
    public var isFlag: Bool {
        if case .flag = self { return true }
        return false
    }
}
