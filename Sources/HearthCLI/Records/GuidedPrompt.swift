import Foundation
import HearthRecords

/// A short guided prompt on the terminal, field by field: Enter keeps the default (or skips),
/// `-` clears, `?` shows the choices, Ctrl-D stops without saving. Only the fields a person
/// usually fills are asked; `--edit` reaches every field.
struct GuidedPrompt {
    let kind: RecordKind
    let people: [RecordTemplate.PersonChoice]

    /// Stopped with Ctrl-D or an empty answer to a required field twice.
    struct Stopped: Error {}

    /// Asks every prompted field not already given in `preset`; returns the filled object.
    func run(preset: JSONObject) throws -> JSONObject {
        var values = preset
        say(.guidedPromptIntro(singular: kind.singular))
        for spec in FieldCatalog.fields(for: kind) where spec.prompted && preset[spec.name] == nil {
            if let value = try ask(spec, current: values[spec.name]) {
                values[spec.name] = value
            }
        }
        return values
    }

    private func say(_ message: Message) { Terminal.show(message) }

    /// Choices to pick from (people, words): data, not a message.
    private func list(_ text: String) { Terminal.showChoices(text + "\n") }

    /// nil: leave as it is.
    private func ask(_ spec: FieldSpec, current: JSONValue?) throws -> JSONValue? {
        switch spec.type {
        case .text:
            return try askText(spec)
        case .sensations, .helped:
            return try askItems(spec)
        default:
            break
        }
        if case .people = spec.type, people.isEmpty { return nil }
        while true {
            var label = spec.label
            if let hint = spec.hint { label += " (\(hint))" }
            if case .word(let words) = spec.type { label += " [" + words.joined(separator: "/") + "]" }
            if case .people = spec.type {
                list(people.enumerated().map { "  \($0.offset + 1). \($0.element.name)" }.joined(separator: "\n"))
                label += ": numbers or ids, comma-separated"
            }
            let shown = FieldValues.render(current, for: spec)
            guard let answer = Terminal.readLine(prompt: .fieldQuestion(label: label, current: shown)) else { throw Stopped() }
            let typed = answer.trimmingCharacters(in: .whitespaces)
            if typed == "?" {
                showChoices(spec)
                continue
            }
            if typed.isEmpty {
                if spec.required && (current == nil || current == .null) {
                    say(.fieldNeeded)
                    continue
                }
                return nil
            }
            if typed == "-" { return spec.type.isFlag ? .bool(false) : .null }
            do throws(FieldValues.Problem) {
                if case .people = spec.type { return .strings(try choosePeople(typed)) }
                guard let value = try FieldValues.parse(typed, for: spec) else { return nil }
                return value
            } catch {
                say(.fieldProblem(error.message))
            }
        }
    }

    private func choosePeople(_ typed: String) throws(FieldValues.Problem) -> [String] {
        try FieldValues.list(typed).map { (item) throws(FieldValues.Problem) -> String in
            if let n = Int(item), (1...people.count).contains(n) { return people[n - 1].id }
            let matches = people.filter { $0.id.hasPrefix(item.lowercased()) }
            guard matches.count == 1 else { throw FieldValues.Problem(message: "choose people by their number in the list") }
            return matches[0].id
        }
    }

    private func showChoices(_ spec: FieldSpec) {
        switch spec.type {
        case .word(let words): list("  " + words.joined(separator: ", "))
        case .words where spec.name == "feelings":
            for group in FeelingVocabulary.words { list("  \(group.quadrant.label): " + group.words.joined(separator: ", ")) }
            list("  (or your own words)")
        case .words(let suggestions, let free):
            list("  " + (suggestions.isEmpty ? "any words" : suggestions.joined(separator: ", ")) + (free ? " (or your own words)" : ""))
        default: list("  " + (spec.hint ?? "free text"))
        }
    }

    private func askText(_ spec: FieldSpec) throws -> JSONValue? {
        while true {
            say(.writeText(label: spec.label, required: spec.required))
            var lines: [String] = []
            while let line = Terminal.readLine(prompt: .textLine) {
                if line == "." { break }
                lines.append(line)
            }
            let text = lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty && spec.required {
                guard Console.confirm(.emptyWriteAgain, defaultYes: true) else { throw Stopped() }
                continue
            }
            return text.isEmpty ? nil : .string(text)
        }
    }

    private func askItems(_ spec: FieldSpec) throws -> JSONValue? {
        say(.itemsIntro(label: spec.label, hint: spec.hint ?? ""))
        var items: [JSONValue] = []
        while let line = Terminal.readLine(prompt: .textLine) {
            if line.trimmingCharacters(in: .whitespaces).isEmpty { break }
            do {
                if let item = try FieldValues.parse(line, for: spec) { items.append(item) }
            } catch {
                say(.itemProblem(error.message))
            }
        }
        return items.isEmpty ? nil : .array(items)
    }
}
