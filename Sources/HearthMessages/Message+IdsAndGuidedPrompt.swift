import Foundation

// The catalogue (Message.swift): ids, secrets read, guided prompt.

extension Message {
    public static func idOfOtherKind(id: String, found: String, wanted: String, command: String) -> Message {
        Message("""
            The id \(id) belongs to a \(found), not a \(wanted). Nothing was changed.
            `hearth \(command) show \(id)` shows it.
            """)
    }

    public static func idTooShort(command: String) -> Message {
        Message("An id needs at least 4 characters (its beginning is enough). Nothing was changed. `hearth \(command) list` shows the ids.")
    }

    public static func noIDStartingWith(_ id: String, singular: String, command: String) -> Message {
        Message("There is no \(singular) whose id starts with \(id). Nothing was changed. `hearth \(command) list` shows the ids.")
    }

    public static func severalIDsStartWith(_ id: String, plural: String) -> Message {
        Message("Several \(plural) have ids starting with \(id); please give more of the id. Nothing was changed.")
    }

    public static func secretNotRead(errno code: Int32) -> Message {
        Message("Could not read the secret (\(errnoText(code))). Nothing was changed.")
    }

    public static func secretTooLong(limit: Int) -> Message {
        Message("The secret given is longer than \(limit) bytes; is it the right file? Nothing was changed.")
    }

    // The guided prompt (GuidedPrompt, PromptLines): questions, and what is said between them.

    public static func guidedPromptIntro(singular: String) -> Message {
        Message("""
            New \(singular). Enter keeps what is in [brackets] or skips; - clears; ? shows the choices.
            Ctrl-D saves what you wrote so far; Ctrl-C stops without saving.
            """)
    }

    public static var ruptureNoted: Message {
        Message("  Thank you for noting it. Ruptures can be mended: next time you add a connection with them, Hearth asks whether it helped.")
    }

    /// A field's question: its label (from FieldCatalog), hint and choices, and what it holds now.
    public static func fieldQuestion(label: String, current: String) -> Message {
        Message(label + (current.isEmpty ? "" : " [\(current)]") + ": ")
    }

    public static var fieldNeeded: Message { Message("  This one is needed. (Ctrl-C stops without saving.)") }

    /// `problem`: the rule the answer broke, from FieldValues ("a number from 0 to 10").
    public static func fieldProblem(_ problem: String) -> Message { Message("  " + problem + ".") }

    public static var textLine: Message { Message("  ") }

    public static func writeText(label: String, required: Bool) -> Message {
        Message("\(label)\(required ? "" : " (optional)"): write as many lines as you like; a line with only . goes on.")
    }

    public static var emptyWriteAgain: Message { Message("  That was empty. Write it again?") }

    public static func textKeptAsDraft(_ problem: String) -> Message {
        Message("  Note: " + problem + "; if it cannot be saved, Hearth keeps it as a draft to fix.")
    }

    public static func itemsIntro(label: String, hint: String) -> Message {
        Message("\(label) (\(hint)); one a line, an empty line ends:")
    }

    public static var whereInTheBody: Message {
        Message("    Where in the body is that? (for example chest, throat, belly; Enter if nowhere in particular) ")
    }

    public static var numberPartOfWhatYouDid: Message {
        Message("    Is the number at the end part of what you did? (How much it helped goes from -2 to +2.)")
    }

    public static func writeLineAgain(_ problem: String) -> Message { Message("    " + problem + "; please write that line again.") }

    public static func writeLineAgainBecause(_ why: String) -> Message { Message("    Please write that line again: " + why + ".") }

    /// `name`: the person's name as the prompt's own list shows it.
    public static func ruptureWith(day: String, name: String) -> Message {
        Message("  On \(day) something went wrong between you and \(name).")
    }

    public static var didThisHelpRepair: Message { Message("  Did this time help repair it? (Enter skips)") }

    public static func stoppedAtPrompt(ctrlC: Bool) -> Message {
        Message(ctrlC ? "Stopped with Ctrl-C; nothing was saved." : "Stopped; nothing was saved.")
    }

    /// `needs`: "A body check-in needs an activation from 0 to 10".
    public static func recordNeeds(_ needs: String, typed: Bool) -> Message {
        Message(needs + (typed ? ", so it was not saved yet." : ", so nothing was saved."))
    }

    public static func couldNotSaveYet(problem: String) -> Message { Message("That could not be saved: \(problem).") }
}
