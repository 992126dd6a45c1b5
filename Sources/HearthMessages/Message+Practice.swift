import Foundation
import HearthPractice

// The catalogue (Message.swift): the guided practices (`hearth practice`). Invitations, never
// tasks: every question can be skipped with Enter, nothing counts days or says what was missed.

extension Message {
    public static var practiceNeedsTerminal: Message {
        Message("""
            Practices are for a terminal, one question at a time, so nothing was asked or stored.
            For scripts, `hearth connect add --json` (or body, belief, script) stores the same records.
            """)
    }

    /// A question of a practice, shown before the answer on the same line.
    public static func practiceQuestion(_ question: PracticeQuestion) -> Message {
        Message(questionText(question) + " ")
    }

    private static func questionText(_ question: PracticeQuestion) -> String {
        let states = "settled, activated, frozen, shut_down, fawning, mixed"
        switch question {
        case .whichPractice: return "Which would you like? (a number or a name; Enter leaves)"
        case .reflectWhom: return "Whom would you like to think about? (numbers or names, comma-separated; Enter for everyone)"
        case .listensWithoutFixing(let name): return "Does \(name) listen without rushing to fix? (your own words; Enter skips)"
        case .validatesWithoutProof(let name): return "Does \(name) take what you feel as real, without needing proof?"
        case .noticeWithThem(let name): return "Anything you notice in yourself around \(name)? (Enter skips)"
        case .steadiness(let name, let current):
            return "How steady or safe does \(name) feel now? (1 not at all … 5 very" + (current.map { "; last time \($0)" } ?? "") + ")"
        case .aLittleSafer: return "Is there one person who feels a little safer right now? (a number or a name; Enter skips)"
        case .shareWithWhom: return "With whom would you like to share? (a number or a name; Enter skips)"
        case .shareWhat: return "The small thing you would like to share, in a few words (Enter skips):"
        case .shareSize: return "How big does it feel? (1 tiny … 5 deep)"
        case .shareHappenedYet: return "Has it happened already, so you can note how it was met? [y/N]"
        case .whichShare: return "Which share? (a number; Enter for the latest)"
        case .shareResponse(let name):
            return "How was it met\(name.map { " by \($0)" } ?? "")? (attuned, neutral, dismissive, hurtful; Enter skips)"
        case .noticedAfterShare: return "Anything you noticed, in your words? (Enter skips)"
        case .whichBelief(let suggested):
            return "Which one would you like to practise? (a number; Enter for \(suggested), the one practised least recently)"
        case .sayOrWriteIt: return "Say it out loud, slowly, or type it here (what you type is not kept). Enter when ready:"
        case .oldBeliefNow: return "How true does the old belief feel right now? (0 … 100; Enter skips)"
        case .counterBeliefNow: return "And the counter-belief? (0 … 100; Enter skips)"
        case .whatFired: return "What fired? (the old script, in a few words)"
        case .theUrge: return "The urge:"
        case .insteadOfIt: return "What you will do instead:"
        case .noteActivationToo: return "Note your activation before and after, as a body check-in? [y/N]"
        case .stateNow: return "Your state now (\(states); Enter skips)"
        case .activationNow: return "How activated are you right now? (0 calm … 10 overwhelmed; Enter skips)"
        case .stateAfter: return "And your body afterwards? (\(states); Enter skips)"
        case .activationAfterwards: return "How activated are you now? (0 … 10; Enter skips)"
        case .breatheFirst: return "That is a lot to hold. A minute of slow breathing first? [y/N]"
        }
    }

    /// What a practice says between its questions.
    public static func practiceLine(_ line: PracticeLine) -> Message {
        switch line {
        case .menuItem(let practice, let number): return Message(menuText(practice, number: number))
        case .menuHow:
            return Message("Each takes a few minutes. Enter skips any question; Ctrl-D or Ctrl-C leaves, keeping what you wrote.")
        case .reflectIntro:
            return Message("""
                Some quiet minutes on who feels safe. There is no right answer and no hurry:
                one question at a time, Enter skips. Ctrl-D or Ctrl-C leaves, keeping what you wrote.
                """)
        case .reflectNobodyYet: return Message("There is nobody here yet. `hearth people add` adds someone, and this will be here when you are ready.")
        case .reflectPerson(let name): return Message("\n\(name)")
        case .reflectDone: return Message("Thank you for taking this time.")
        case .shareIntro:
            return Message("""
                A micro-share: something small and honest, to someone who feels a little safer.
                How they respond is evidence, whatever it is. Enter skips; Ctrl-D or Ctrl-C leaves, keeping what you wrote.
                """)
        case .shareKeptForLater:
            return Message("Kept. When it has happened, `hearth practice share --after` asks how it was met.")
        case .shareNoneWaiting:
            return Message("No share is waiting for how it was met. `hearth practice share` begins one whenever you like.")
        case .shareAfterIntro: return Message("How did it go? Enter skips any question.")
        case .shareMet(let response):
            switch response {
            case .attuned?: return Message("It was met. That is evidence worth keeping.")
            case .dismissive?, .hurtful?:
                return Message("That can hurt. How they responded says more about that moment than about you; reaching out took courage.")
            default: return Message("Noted. Each small share teaches your body a little more about who is safe.")
            }
        case .beliefIntro:
            return Message("An old belief answered, gently and often. Enter skips; Ctrl-D or Ctrl-C leaves, keeping what you wrote.")
        case .beliefNoneYet:
            return Message("There is no belief with a counter-belief yet. `hearth belief add` writes one, with its answer.")
        case .beliefCounter: return Message("The counter-belief:")
        case .beliefDone: return Message("Noted, with today's date. Saying it again, any day, is the practice.")
        case .noticeIntro:
            return Message("Naming a script as it fires puts a pause between the trigger and you. Three quick lines; Enter skips.")
        case .noticeDone: return Message("Noticed and noted. That pause is the practice.")
        case .breatheIntro(let minutes):
            return Message("In as the dots fill (4 seconds), out as they empty (6 seconds), for up to \(plural(minutes, "minute")). Any key stops.")
        case .breatheDone: return Message("Welcome back.")
        case .breatheBackToFlow: return Message("Welcome back. Let's go on.")
        case .numberBetween(let range): return Message("  Please give a whole number from \(range.lowerBound) to \(range.upperBound), or Enter to skip.")
        case .oneOf(let words): return Message("  Please give one of: \(words.joined(separator: ", ")); or Enter to skip.")
        case .notAPractice:
            return Message("  Please give a number from 1 to \(Practice.allCases.count) or a name: \(Practice.allCases.map(\.rawValue).joined(separator: ", ")). Enter leaves.")
        case .notInTheList: return Message("  That fits no one in the list (or several); a number works too, or Enter to skip.")
        }
    }

    private static func menuText(_ practice: Practice, number: Int) -> String {
        switch practice {
        case .reflect: return "\(number). reflect: quiet minutes on who feels safe; a steadiness rating and a note for each."
        case .share: return "\(number). share: before a small, honest share, and after it (--after): how it was met, what your body did."
        case .belief: return "\(number). belief: a counter-belief, said out loud or written, then how true each side feels."
        case .notice: return "\(number). notice: name an old script as it fires, in three quick lines."
        case .breathe: return "\(number). breathe: a slow breathing guide, 4 seconds in, 6 out; any key stops it."
        }
    }

    /// A frame of the breathing guide: the words, then the bar (data).
    public static func breathPhase(_ phase: BreathFrame.Phase) -> Message {
        switch phase {
        case .breatheIn: Message("  breathe in   ")
        case .breatheOut: Message("  breathe out  ")
        }
    }

    /// How a practice ended (after Ctrl-D, Ctrl-C or a signal), whether what was written is
    /// saved, and how to go on; nil when it simply finished with nothing to say.
    public static func practiceEnded(_ ending: PracticeEnding, saved: Bool, goOn: String) -> Message? {
        let how: String
        switch ending {
        case .finished: return saved ? .practiceSaved : nil
        case .left: how = "Ended here"
        case .stopped(let signal): how = signal == SIGINT ? "Stopped with Ctrl-C" : "Stopped"
        }
        guard saved else { return Message("\(how); nothing had been written yet, so nothing was stored. `\(goOn)` begins again whenever you like.") }
        return Message("\(how); what you wrote so far is saved. `\(goOn)` begins again whenever you like.")
    }

    public static var practiceSaved: Message { Message("Saved.") }
}

extension Message {
    public static var breatheMinutesRange: Message { Message("`--minutes` takes a whole number from 1 to 60.") }
}
