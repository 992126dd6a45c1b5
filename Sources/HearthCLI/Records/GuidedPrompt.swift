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
        say("New \(kind.singular). Enter keeps what is in [brackets] or skips; - clears; ? shows the choices; Ctrl-D stops.")
        for spec in FieldCatalog.fields(for: kind) where spec.prompted && preset[spec.name] == nil {
            if let value = try ask(spec, current: values[spec.name]) {
                values[spec.name] = value
            }
        }
        return values
    }

    private func say(_ text: String) { Terminal.show(text + "\n") }

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
                say(people.enumerated().map { "  \($0.offset + 1). \($0.element.name)" }.joined(separator: "\n"))
                label += ": numbers or names, comma-separated"
            }
            let shown = FieldValues.render(current, for: spec)
            guard let answer = Terminal.readLine(prompt: label + (shown.isEmpty ? "" : " [\(shown)]") + ": ") else { throw Stopped() }
            let typed = answer.trimmingCharacters(in: .whitespaces)
            if typed == "?" {
                showChoices(spec)
                continue
            }
            if typed.isEmpty {
                if spec.required && (current == nil || current == .null) {
                    say("This one is needed. (Ctrl-D stops without saving.)")
                    continue
                }
                return nil
            }
            if typed == "-" { return spec.type.isFlag ? .bool(false) : .null }
            if case .people = spec.type {
                guard let chosen = try choosePeople(typed) else { continue }
                return .strings(chosen)
            }
            do throws(FieldValues.Problem) {
                guard let value = try FieldValues.parse(typed, for: spec) else { return nil }
                return value
            } catch {
                say(error.message + ". Please try again.")
            }
        }
    }

    /// People by their number in the list, a name, its beginning or an id (`PersonReference`);
    /// nil (said why, to ask again) when one of them fits no one or no choice was made. What
    /// was typed is never repeated: the message says which one it was.
    private func choosePeople(_ typed: String) throws -> [String]? {
        let items = FieldValues.list(typed)
        var chosen: [String] = []
        for (index, item) in items.enumerated() {
            let which = PersonPicker.which(.typed(position: index + 1, count: items.count))
            if let n = Int(item), (1...people.count).contains(n) {
                chosen.append(people[n - 1].id)
                continue
            }
            switch PersonReference(item)?.resolve(among: people) ?? .nobody {
            case .one(let person):
                chosen.append(person.id)
            case .nobody:
                say("\(which.capitalizedFirst) matches no one in the list. Please try again (a number, a name or its beginning).")
                return nil
            case .several(let candidates):
                say("\(which.capitalizedFirst) could mean several people:")
                say(candidates.enumerated().map { "  \($0.offset + 1). \($0.element.name)  (\($0.element.id.prefix(8)))" }.joined(separator: "\n"))
                switch TerminalQuestion.ask("Which one? (number; Enter goes back) ") {
                case .interrupted(let signal):
                    throw Interrupted(signal: signal, draftWiped: false)
                case .line(let answer):
                    if let n = Int(answer.trimmingCharacters(in: .whitespaces)), (1...candidates.count).contains(n) {
                        chosen.append(candidates[n - 1].id)
                        continue
                    }
                    return nil
                case .ended:
                    return nil
                }
            }
        }
        return chosen
    }

    private func showChoices(_ spec: FieldSpec) {
        switch spec.type {
        case .word(let words): say("  " + words.joined(separator: ", "))
        case .words where spec.name == "feelings":
            for group in FeelingVocabulary.words { say("  \(group.quadrant.label): " + group.words.joined(separator: ", ")) }
            say("  (or your own words)")
        case .words(let suggestions, let free):
            say("  " + (suggestions.isEmpty ? "any words" : suggestions.joined(separator: ", ")) + (free ? " (or your own words)" : ""))
        default: say("  " + (spec.hint ?? "free text"))
        }
    }

    private func askText(_ spec: FieldSpec) throws -> JSONValue? {
        while true {
            say("\(spec.label)\(spec.required ? "" : " (optional)"): write as many lines as you like; a line with only . ends it.")
            var lines: [String] = []
            while let line = Terminal.readLine(prompt: "  ") {
                if line == "." { break }
                lines.append(line)
            }
            let text = lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty && spec.required {
                guard Console.confirm("  That was empty. Write it again?", defaultYes: true) else { throw Stopped() }
                continue
            }
            return text.isEmpty ? nil : .string(text)
        }
    }

    private func askItems(_ spec: FieldSpec) throws -> JSONValue? {
        say("\(spec.label) (\(spec.hint ?? "")); one a line, an empty line ends:")
        var items: [JSONValue] = []
        while let line = Terminal.readLine(prompt: "  ") {
            if line.trimmingCharacters(in: .whitespaces).isEmpty { break }
            do {
                if let item = try FieldValues.parse(line, for: spec) { items.append(item) }
            } catch {
                say("  " + error.message + ".")
            }
        }
        return items.isEmpty ? nil : .array(items)
    }
}
