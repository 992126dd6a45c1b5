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
        // Two lines that fit 80 columns; the two words that need it are explained where they are offered.
        let states = "settled, activated (fight or flight), frozen,\nshut down, fawning (pleasing to stay safe) or mixed? (Enter skips)"
        switch question {
        case .whichPractice: return "Which would you like? (a number or a name; Enter leaves)"
        case .reflectWhom: return "Who would you like to think about? (1,2 or names; Enter for everyone)"
        case .listensWithoutFixing(let name): return "Does \(name) listen without rushing to fix? (in your own words)"
        case .validatesWithoutProof(let name): return "Does \(name) take what you feel as real, without needing proof?"
        case .noticeWithThem(let name): return "Anything you notice in yourself around \(name)? (Enter skips)"
        case .steadiness(let name, let current):
            return "How steady or safe does \(name) feel now? (1 not at all … 5 very" + (current.map { "; last time \($0)" } ?? "") + ")"
        case .aLittleSafer: return "Is there one person who feels a little safer right now? (Enter skips)"
        case .shareWithWhom: return "Who would you like to share with? (a number or a name; Enter skips)"
        case .shareWhat: return "The small thing you would like to share, in a few words:"
        case .shareSize: return "How big does it feel? (1 tiny … 5 deep)"
        case .shareHappenedYet: return "Has it happened already, so you can note how it was met? [y/N]"
        case .whichShare: return "Which share? (a number; Enter for the latest)"
        case .shareResponse(let name):
            return "How was it met\(name.map { " by \($0)" } ?? "")? (Enter skips)\nattuned (they got it), neutral, dismissive or hurtful:"
        case .noticedAfterShare: return "Anything you noticed, in your words? (Enter skips)"
        case .whichBelief(let suggested):
            return "Which one would you like to practise? (a number; Enter for \(suggested), the one practised least recently)"
        case .sayOrWriteIt: return "Say it out loud, slowly, or type it; nothing typed is kept. Enter when ready:"
        case .oldBeliefNow: return "How true does the old belief feel right now? (0 … 100; Enter skips)"
        case .counterBeliefNow: return "And the counter-belief? (0 … 100; Enter skips)"
        case .whatFired: return "What fired? (the old script, in a few words)"
        case .theUrge: return "The urge:"
        case .insteadOfIt: return "What you would like to do instead:"
        case .noteActivationToo: return "Note your activation before and after, as a body check-in? [y/N]"
        case .stateNow: return "How is your body right now: \(states)"
        case .activationNow: return "How activated are you right now? (0 calm … 10 overwhelmed; Enter skips)"
        case .stateAfter: return "And your body afterwards: \(states)"
        case .activationAfterwards: return "Your activation afterwards? (0 calm … 10 overwhelmed; Enter skips)"
        case .breatheFirst: return "Would you like a minute of slow breathing first? [y/N]"
        }
    }

    /// What a practice says between its questions.
    public static func practiceLine(_ line: PracticeLine) -> Message {
        switch line {
        case .menuItem(let practice, let number): return Message(menuText(practice, number: number))
        case .menuHow:
            return Message("""
                Each takes a few minutes. Enter skips any question;
                Ctrl-D or Ctrl-C leaves, keeping what you wrote.
                """)
        case .reflectIntro:
            return Message("""
                Some quiet minutes on who feels safe. There is no right answer and no hurry.
                One question at a time; Enter skips any of them.
                Ctrl-D or Ctrl-C leaves, keeping what you wrote.
                """)
        case .reflectNobodyYet: return Message("No people are written down in the vault yet.\n`hearth people add` adds someone, whenever you are ready.")
        case .reflectPerson(let name): return Message("\n\(name)")
        case .reflectDone: return Message("Thank you for taking this time.")
        case .shareIntro:
            return Message("""
                A micro-share: something small and honest, to someone who feels a little safer.
                However they respond, noticing it shows you a little more about who is safe.
                Enter skips; Ctrl-D or Ctrl-C leaves, keeping what you wrote.
                """)
        case .shareKeptForLater:
            return Message("Kept. When it has happened, `hearth practice share --after` asks how it was met.")
        case .shareNoneWaiting:
            return Message("No share is waiting for how it was met.\n`hearth practice share` begins one whenever you like.")
        case .shareAfterIntro: return Message("How did it go? Enter skips any question.")
        case .shareMet(let response):
            switch response {
            case .attuned?: return Message("It was met. That is evidence worth keeping.")
            case .dismissive?, .hurtful?:
                return Message("""
                    That can hurt.
                    How they responded says more about that moment than about you.
                    Reaching out took courage.
                    """)
            default: return Message("Each small share teaches your body a little more about who is safe.")
            }
        case .beliefIntro:
            return Message("""
                An old belief, answered gently by its counter-belief.
                Enter skips; Ctrl-D or Ctrl-C leaves, keeping what you wrote.
                """)
        case .beliefNoneYet:
            return Message("There is no belief with a counter-belief yet.\n`hearth belief add` writes one, with its answer.")
        case .beliefCounter: return Message("The counter-belief:")
        case .beliefDone: return Message("Saying it again, on any day you like, is the practice.")
        case .noticeIntro:
            return Message("""
                An old script is an automatic pattern, such as shutting down or pleasing.
                Naming one as it fires puts a pause between the trigger and what you do.
                Three short questions; Enter skips any of them.
                """)
        case .noticeDone: return Message("Noticed and noted. That pause is the practice.")
        case .breatheIntro(let minutes):
            return Message("""
                In as the dots fill (4 seconds), out as they empty (6 seconds).
                Up to \(plural(minutes, "minute")); any key stops.
                """)
        case .breatheDone: return Message("Welcome back.")
        case .breatheBackToFlow: return Message("Welcome back. The next question is here when you are ready.")
        case .numberBetween(let range): return Message("  Please give a whole number from \(range.lowerBound) to \(range.upperBound), or Enter to skip.")
        case .oneOf(let words):
            // Typed words match leniently (`shut down` is `shut_down`): shown as they are said.
            return Message("  Please give one of these, or Enter to skip:\n  \(words.map { $0.replacingOccurrences(of: "_", with: " ") }.joined(separator: ", "))")
        case .notAPractice:
            return Message("  Please give a number from 1 to \(Practice.allCases.count) or a name: \(Practice.allCases.map(\.rawValue).joined(separator: ", ")). Enter leaves.")
        case .notInTheList: return Message("  That matches no one, or more than one; a number works too, or Enter to skip.")
        }
    }

    private static func menuText(_ practice: Practice, number: Int) -> String {
        switch practice {
        case .reflect: return "\(number). reflect: quiet minutes on who feels safe; a rating and a note for each."
        case .share: return "\(number). share: before and after a small, honest share, and how it was met."
        case .belief: return "\(number). belief: say or write a counter-belief, then how true each side feels."
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
        guard saved else { return Message("\(how); nothing had been written yet, so nothing was stored.\n`\(goOn)` begins again whenever you like.") }
        return Message("\(how); what you wrote so far is saved.\n`\(goOn)` begins again whenever you like.")
    }

    public static var practiceSaved: Message { Message("Saved.") }
}

extension Message {
    public static var breatheMinutesRange: Message { Message("`--minutes` takes a whole number from 1 to 60.") }
}
