import Foundation
import HearthRecords

/// Turns what a person typed for one field (in the editor's front matter or at a prompt)
/// into its JSON value, and back. Problems name the field, never what was typed.
enum FieldValues {
    /// A typed value could not be used.
    struct Problem: Error {
        let message: String
    }

    /// The JSON value for `typed`; nil means "leave as it is" (only for an empty date).
    static func parse(_ typed: String, for spec: FieldSpec) throws(Problem) -> JSONValue? {
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
            guard let time = RecordTime.parse(value, now: Date(), timeZone: .current) else {
                throw Problem(message: "`\(spec.name)` must be a date such as 2026-11-24, 2026-11-24T21:30, today or 3d")
            }
            return .string(time.iso8601)
        case .sensations:
            return value.isEmpty ? nil : try sensation(value, spec)
        case .helped:
            return value.isEmpty ? nil : try helped(value, spec)
        }
    }

    /// Comma-separated words, trimmed, empties dropped.
    static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// `chest, tight, 6` → {region, quality, intensity}.
    static func sensation(_ text: String, _ spec: FieldSpec) throws(Problem) -> JSONValue {
        var parts = list(text)
        var intensity: JSONValue = .null
        if let last = parts.last, let n = Int(last) {
            intensity = .integer(Int64(n))
            parts.removeLast()
        }
        guard !parts.isEmpty, parts.count <= 2 else {
            throw Problem(message: "each sensation is `where, what it is like, 0-10` (for example: chest, tight, 6)")
        }
        return .object(JSONObject([
            "region": .string(parts[0]), "quality": .string(parts.count > 1 ? parts[1] : ""), "intensity": intensity,
        ]))
    }

    /// `long exhale, +2` → {strategy, effect}.
    static func helped(_ text: String, _ spec: FieldSpec) throws(Problem) -> JSONValue {
        var parts = list(text)
        var effect: JSONValue = .null
        if parts.count > 1, let last = parts.last, let n = Int(last.hasPrefix("+") ? String(last.dropFirst()) : last) {
            effect = .integer(Int64(n))
            parts.removeLast()
        }
        guard !parts.isEmpty else { throw Problem(message: "each line of what helped is `what I did, -2..+2`") }
        return .object(JSONObject(["strategy": .string(parts.joined(separator: ", ")), "effect": effect]))
    }

    /// How a value is written back into a template or offered as a default.
    static func render(_ value: JSONValue?, for spec: FieldSpec) -> String {
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
    static func renderItems(_ value: JSONValue?, for spec: FieldSpec) -> [String] {
        guard case .array(let elements)? = value else { return [] }
        return elements.compactMap { element -> String? in
            guard case .object(let o) = element else { return nil }
            switch spec.type {
            case .sensations:
                let parts = [o["region"]?.stringValue, o["quality"]?.stringValue].compactMap { $0 }.filter { !$0.isEmpty }
                let intensity: String? = { if case .integer(let n)? = o["intensity"] { return String(n) } else { return nil } }()
                return (parts + (intensity.map { [$0] } ?? [])).joined(separator: ", ")
            case .helped:
                let effect: String? = { if case .integer(let n)? = o["effect"] { return n > 0 ? "+\(n)" : String(n) } else { return nil } }()
                return ([o["strategy"]?.stringValue ?? ""] + (effect.map { [$0] } ?? [])).joined(separator: ", ")
            default:
                return nil
            }
        }
    }
}

extension FieldSpec.ValueType {
    var isFlag: Bool {
        if case .flag = self { return true }
        return false
    }
}
