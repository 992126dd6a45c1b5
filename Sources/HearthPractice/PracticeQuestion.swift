import Foundation
import HearthRecords

/// Every question a practice asks, with what varies in it (a name, the range of a number). The
/// words are the catalogue's (HearthMessages); tests answer by question, not by wording.
public enum PracticeQuestion: Equatable, Sendable {
    /// The menu: which practice.
    case whichPractice

    // reflect
    case reflectWhom
    case listensWithoutFixing(name: String)
    case validatesWithoutProof(name: String)
    case noticeWithThem(name: String)
    case steadiness(name: String, current: Int?)
    case aLittleSafer

    // share
    case shareWithWhom
    case shareWhat
    case shareSize
    case shareHappenedYet
    case whichShare
    case shareResponse(name: String?)
    case noticedAfterShare

    // belief
    /// `suggested`: the number of the one practised least recently (Enter takes it).
    case whichBelief(suggested: Int)
    case sayOrWriteIt
    case oldBeliefNow
    case counterBeliefNow

    // notice
    case whatFired
    case theUrge
    case insteadOfIt

    // breathe, and what several flows ask about the body
    case noteActivationToo
    case stateNow
    case activationNow
    case stateAfter
    case activationAfterwards
    /// Activation was 7 or more: a minute of slow breathing first? (one line, skippable)
    case breatheFirst
}

/// What a practice says between questions.
public enum PracticeLine: Equatable, Sendable {
    /// One practice in the menu, in a few lines.
    case menuItem(Practice, number: Int)
    case menuHow

    case reflectIntro
    case reflectNobodyYet
    case reflectPerson(name: String)
    case reflectDone

    case shareIntro
    case shareKeptForLater
    case shareNoneWaiting
    case shareAfterIntro
    case shareMet(ShareResponse?)

    case beliefIntro
    case beliefNoneYet
    case beliefCounter
    case beliefDone

    case noticeIntro
    case noticeDone

    case breatheIntro(minutes: Int)
    case breatheDone
    case breatheBackToFlow

    /// An answer that did not fit, asked again: a whole number in `range`.
    case numberBetween(ClosedRange<Int>)
    /// A word from a list, asked again.
    case oneOf([String])
    /// The menu's answer named no practice: asked again.
    case notAPractice
    /// A number or name in a list that fits no one (or several): asked again.
    case notInTheList
}
