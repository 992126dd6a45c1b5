import Foundation
import HearthMessages
import HearthRecordText
import HearthRunContext
import HearthRecords

/// A short guided prompt on the terminal, field by field: Enter keeps the default (or skips),
/// `-` clears, `?` shows the choices. Only the fields a person usually fills are asked; `--edit`
/// reaches every field.
///
/// Nothing typed is thrown away: each answer is checked at once, by the same rules as
/// `add --json` (`FieldValues.checked`), and asked again there with the allowed values in a few
/// words. Ctrl-D ends the prompt and keeps what was written (also in the middle of a longer
/// text); only Ctrl-C abandons (`PromptLines.Abandoned`).
struct GuidedPrompt {
    let kind: RecordKind
    let people: [RecordTemplate.PersonChoice]
    /// For a connection: an earlier one with these people where something went wrong that no
    /// connection has repaired yet, to ask (once, skippably) whether this one repaired it.
    var openRupture: ([String]) -> OpenRupture? = { _ in nil }

    /// What the prompt gathered.
    struct Outcome {
        var values: JSONObject
        /// Anything was typed (beyond the preset from flags).
        var typed = false
        /// A required field left empty when Ctrl-D ended the prompt.
        var missing: FieldSpec?
    }

    /// One answer: its value (nil: leave as it is) and whether Ctrl-D ended the prompt there.
    private struct Answer {
        var value: JSONValue?
        var finished = false
    }

    /// Asks every prompted field not already given in `preset`.
    func run(preset: JSONObject) throws -> Outcome {
        let lines = PromptLines()
        defer { lines.release() }
        var outcome = Outcome(values: preset)
        say(.guidedPromptIntro(singular: kind.singular))
        for spec in FieldCatalog.fields(for: kind) where spec.prompted && preset[spec.name] == nil {
            if spec.name == "rupture", outcome.values["repair_of"] == nil,
               let repaired = try askRepair(outcome.values, lines: lines) {
                outcome.values["repair_of"] = .string(repaired)
                outcome.typed = true
            }
            let answer = try ask(spec, current: outcome.values[spec.name], lines: lines)
            if let value = answer.value {
                outcome.values[spec.name] = value
                outcome.typed = true
                if spec.name == "rupture", value == .bool(true) {
                    say(.ruptureNoted)
                }
            }
            if answer.finished {
                outcome.missing = FieldCatalog.fields(for: kind).first { spec in
                    spec.required && (outcome.values[spec.name] ?? .null) == .null
                }
                return outcome
            }
        }
        return outcome
    }

    private func say(_ message: Message) { Terminal.show(message) }

    /// Choices to pick from (people, words): data, not a message.
    private func list(_ text: String) { Terminal.showChoices(text + "\n") }

    private func ask(_ spec: FieldSpec, current: JSONValue?, lines: PromptLines) throws -> Answer {
        switch spec.type {
        case .text:
            return try askText(spec, lines: lines)
        case .sensations, .helped:
            return try askItems(spec, lines: lines)
        default:
            break
        }
        if case .people = spec.type, people.isEmpty { return Answer() }
        while true {
            var label = spec.label
            if let hint = spec.hint { label += " (\(hint))" }
            if case .word(let words) = spec.type { label += " [" + words.joined(separator: "/") + "]" }
            if case .people = spec.type {
                list(people.enumerated().map { "  \($0.offset + 1). \($0.element.name)" }.joined(separator: "\n"))
                label += ": numbers or names, comma-separated"
            }
            let shown = FieldValues.render(current, for: spec)
            guard let line = try lines.read(prompt: .fieldQuestion(label: label, current: shown)) else {
                return Answer(finished: true)
            }
            let typed = line.text.trimmingCharacters(in: .whitespaces)
            if typed == "?" {
                showChoices(spec)
                continue
            }
            if typed.isEmpty {
                if spec.required && (current == nil || current == .null) && !line.isFinished {
                    say(.fieldNeeded)
                    continue
                }
                return Answer(finished: line.isFinished)
            }
            if typed == "-" { return Answer(value: spec.type.isFlag ? .bool(false) : .null, finished: line.isFinished) }
            if case .people = spec.type {
                guard let chosen = try choosePeople(typed) else { continue }
                return Answer(value: .strings(chosen), finished: line.isFinished)
            }
            do throws(FieldValues.Problem) {
                return Answer(value: try FieldValues.checked(typed, for: spec, kind: kind, clock: HearthClock.current), finished: line.isFinished)
            } catch {
                // Asked again here, even after Ctrl-D: what was typed must fit before it is kept.
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
        case .words where spec.name == "roles":
            list("  " + PersonRole.words.joined(separator: ", "))
            list("  (or your own word when none fits, up to \(PersonRole.maximumOwnWordLength) characters)")
        case .words(let suggestions, let free):
            list("  " + (suggestions.isEmpty ? "any words" : suggestions.joined(separator: ", ")) + (free ? " (or your own words)" : ""))
        default: list("  " + (spec.hint ?? "free text"))
        }
    }

    /// Several lines: a line with only `.` goes on to the next question; Ctrl-D (also after
    /// text on the same line) ends the prompt, keeping every line.
    private func askText(_ spec: FieldSpec, lines: PromptLines) throws -> Answer {
        while true {
            say(.writeText(label: spec.label, required: spec.required))
            var written: [String] = []
            var finished = false
            while let line = try lines.read(prompt: .textLine) {
                if case .line(".") = line { break }
                if line.isFinished {
                    if !line.text.isEmpty { written.append(line.text) }
                    finished = true
                    break
                }
                written.append(line.text)
            }
            let text = written.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty && spec.required && !finished {
                guard try lines.confirm(.emptyWriteAgain, defaultYes: true) == true else { return Answer(finished: true) }
                continue
            }
            if text.isEmpty { return Answer(finished: finished) }
            do throws(FieldValues.Problem) {
                try FieldValues.check(.string(text), for: spec, kind: kind)
            } catch {
                // Only a NUL or more than a record holds: kept as a draft at the end, not lost here.
                say(.textKeptAsDraft(error.message))
            }
            return Answer(value: .string(text), finished: finished)
        }
    }

    /// Sensations or what helped, one a line, an empty line ends. Each line is read the natural
    /// way (`BodyItemText`); what it cannot tell is asked here.
    private func askItems(_ spec: FieldSpec, lines: PromptLines) throws -> Answer {
        say(.itemsIntro(label: spec.label, hint: spec.hint ?? ""))
        var items: [JSONValue] = []
        var finished = false
        while let line = try lines.read(prompt: .textLine) {
            let text = line.text.trimmingCharacters(in: .whitespaces)
            if !text.isEmpty, let item = try item(text, spec: spec, lines: lines) { items.append(item) }
            if line.isFinished || text.isEmpty {
                finished = line.isFinished
                break
            }
        }
        return Answer(value: items.isEmpty ? nil : .array(items), finished: finished)
    }

    /// One sensation or helped line, with its follow-up question if it needs one; nil when it
    /// could not be used (the person was told, and writes it again on the next line).
    private func item(_ text: String, spec: FieldSpec, lines: PromptLines) throws -> JSONValue? {
        var reading = spec.type.isSensations ? BodyItemText.sensation(text) : BodyItemText.helped(text)
        switch reading {
        case .askWhere(let quality, let intensity):
            let answer = try lines.read(prompt: .whereInTheBody)
            let region = answer?.text.trimmingCharacters(in: .whitespaces) ?? ""
            reading = .item(BodyItemText.sensation(region: region, quality: quality, intensity: intensity))
        case .askNumber(let whole):
            if try lines.confirm(.numberPartOfWhatYouDid, defaultYes: true) == false {
                reading = .problem("how much it helped is a whole number from -2 to +2")
            } else {
                reading = .item(BodyItemText.helped(strategy: whole, effect: nil))
            }
        default:
            break
        }
        switch reading {
        case .item(let value):
            do throws(FieldValues.Problem) {
                try FieldValues.check(value, for: spec, kind: kind)
                return value
            } catch {
                say(.writeLineAgain(error.message))
                return nil
            }
        case .problem(let why):
            say(.writeLineAgainBecause(why))
            return nil
        case .askWhere, .askNumber:
            return nil
        }
    }

    /// Asks once, gently, whether this connection repaired an earlier rupture with the same
    /// people; Enter or Ctrl-D skips. Returns the repaired connection's id.
    private func askRepair(_ values: JSONObject, lines: PromptLines) throws -> String? {
        guard kind == .connection, case .array(let chosen)? = values["people"] else { return nil }
        let ids = chosen.compactMap(\.stringValue)
        guard !ids.isEmpty, let rupture = openRupture(ids) else { return nil }
        say(.ruptureWith(day: RecordPrinter.dayText(rupture.at), name: rupture.name))
        return try lines.confirm(.didThisHelpRepair) == true ? rupture.id : nil
    }
}

extension FieldSpec.ValueType {
    var isSensations: Bool {
        if case .sensations = self { return true }
        return false
    }
}
