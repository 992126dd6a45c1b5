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
                label += ": numbers or names, comma-separated"
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
            if case .people = spec.type {
                guard let chosen = try choosePeople(typed) else { continue }
                return .strings(chosen)
            }
            do throws(FieldValues.Problem) {
                guard let value = try FieldValues.parse(typed, for: spec) else { return nil }
                return value
            } catch {
                say(.fieldProblem(error.message))
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
                say(.promptMatchesNoOne(which: which))
                return nil
            case .several(let candidates):
                say(.couldMeanSeveral(which: which))
                list(candidates.enumerated().map { "  \($0.offset + 1). \($0.element.name)  (\($0.element.id.prefix(8)))" }.joined(separator: "\n"))
                switch TerminalQuestion.ask(.whichPersonOrBackPrompt) {
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
