import Foundation

// The catalogue (Message.swift): people named by name (PersonPicker): what was typed is never repeated.

extension Message {
    public static var askedPersonNoTerminal: Message {
        Message("""
            `--person -` asks on the terminal, and there is none here. Nothing was changed.
            Give the person's id instead (`hearth people list` shows them).
            """)
    }

    public static var nobodyYet: Message {
        Message("There are no people in this vault yet. Nothing was changed. `hearth people add` adds someone.")
    }

    public static var whoPrompt: Message { Message("Who? (a name, its beginning, or an id; Enter stops) ") }

    public static var noOneChosen: Message { Message("No one was chosen, so nothing was changed.") }

    public static var noOneByThatName: Message { Message("No one here goes by that name or id. Please try again, or press Enter to stop.") }

    /// `which`: "the 2nd name in `people`", "that id": where it was typed, never what.
    public static func severalPeopleFit(which: String, list: String) -> Message {
        Message("""
            \(which.prefix(1).uppercased() + which.dropFirst()) could mean several people:
            \(list)
            Nothing was changed. Please give more of the name, or the id.
            """)
    }

    public static func couldMeanSeveral(which: String) -> Message {
        Message("\(which.prefix(1).uppercased() + which.dropFirst()) could mean several people:")
    }

    public static var whichPersonPrompt: Message { Message("Which one? (number; Enter stops) ") }
    public static var whichPersonOrBackPrompt: Message { Message("Which one? (number; Enter goes back) ") }
    public static var whichNumberOrNamePrompt: Message { Message("Which one? (number or name; Enter stops) ") }

    public static func noOneChosenFor(which: String) -> Message {
        Message("No one was chosen for \(which). Nothing was changed. Please give more of the name, or the id.")
    }

    public static func typeANumber(upTo count: Int) -> Message {
        Message("Please type a number from 1 to \(count), or press Enter to stop.")
    }

    public static var personIDTooShort: Message {
        Message("""
            An id needs at least 4 characters; the command line takes ids only, as others can see it. Nothing was changed.
            `hearth people list` shows the ids; `-` in place of the id asks for a name on the terminal.
            """)
    }

    public static var noPersonIDStartsWith: Message {
        Message("""
            No person's id starts with that; the command line takes ids only, as others can see it. Nothing was changed.
            `hearth people list` shows the ids; `-` in place of the id asks for a name on the terminal.
            """)
    }

    public static var jsonPersonNotHere: Message {
        Message("A person id in `people` is not in this vault. Nothing was changed. `hearth people list` shows the ids.")
    }

    public static func typedMatchesNoOne(which: String) -> Message {
        Message("""
            \(which.prefix(1).uppercased() + which.dropFirst()) matches no one here (`hearth people list` shows who is). Nothing was changed.
            A name, its beginning or an id works; `hearth people add` adds someone.
            """)
    }

    public static func promptMatchesNoOne(which: String) -> Message {
        Message("\(which.prefix(1).uppercased() + which.dropFirst()) matches no one in the list. Please try again (a number, a name or its beginning).")
    }
}
