import Foundation
import HearthPractice
import HearthRecords
import Testing

/// Each practice with scripted answers, in process: the questions and their order, what is
/// stored, the breathing offered at 7 or more, and that leaving at any point keeps what was written.
@Suite struct PracticeFlowTests {
    @Test func reflectRatesEachPersonWithADatedNoteAndNamesOneALittleSafer() throws {
        let f = try PracticeFixture()
        let sam = try f.person("Sam", steadiness: 3)
        let zoe = try f.person("Zoë")
        let run = try f.run(.reflect, [
            (.reflectWhom, .line("")),
            (.listensWithoutFixing(name: "Sam"), .line("mostly yes")),
            (.validatesWithoutProof(name: "Sam"), .line("sometimes")),
            (.noticeWithThem(name: "Sam"), .line("my shoulders drop")),
            (.steadiness(name: "Sam", current: 3), .line("9")),
            (.steadiness(name: "Sam", current: 3), .line("4")),
            (.listensWithoutFixing(name: "Zoë"), .line("")),
            (.validatesWithoutProof(name: "Zoë"), .line("")),
            (.noticeWithThem(name: "Zoë"), .line("")),
            (.steadiness(name: "Zoë", current: nil), .line("")),
            (.aLittleSafer, .line("sa")),
        ])
        #expect(run.ending == .finished && run.prompt.unanswered == 0)
        #expect(run.prompt.said.contains(.numberBetween(1...5)))
        let people = try f.people()
        let samNow = try #require(people.first { $0.id == sam })
        #expect(samNow.steadinessHistory.map(\.steadiness) == [3, 4])
        #expect(samNow.notes == """
            Met at the choir
            2026-05-28, reflecting: listens without rushing to fix: mostly yes; takes my feelings as real: sometimes; my shoulders drop
            2026-05-28: feels a little safer.
            """, "\(samNow.notes)")
        #expect(samNow.tags == [PracticeSession.saferTag])
        let zoeNow = try #require(people.first { $0.id == zoe })
        #expect(zoeNow.notes == "Met at the choir" && zoeNow.steadinessHistory.isEmpty && zoeNow.tags.isEmpty)
    }

    @Test func reflectWithNobodyYetSaysHowToAddSomeone() throws {
        let f = try PracticeFixture()
        let run = try f.run(.reflect, [])
        #expect(run.ending == .finished && run.changes.isEmpty && run.prompt.said.contains(.reflectNobodyYet))
    }

    @Test func shareBeforeAndAfterInOneGoIsOneConnection() throws {
        let f = try PracticeFixture()
        let sam = try f.person("Sam")
        let run = try f.run(.share, [
            (.shareWithWhom, .line("1")),
            (.shareWhat, .line("that the week was hard")),
            (.shareSize, .line("2")),
            (.activationNow, .line("5")),
            (.stateNow, .line("activated")),
            (.shareHappenedYet, .line("y")),
            (.shareResponse(name: "Sam"), .line("Attuned")),
            (.stateAfter, .line("settled")),
            (.activationAfterwards, .line("3")),
            (.noticedAfterShare, .line("they asked a question back")),
        ])
        #expect(run.ending == .finished && run.prompt.unanswered == 0)
        let c = try #require(try f.connections().first)
        #expect(c.people == [sam] && c.shared == "that the week was hard" && c.shareDepth == 2)
        #expect(c.activationBefore == 5 && c.stateBefore == .activated && c.response == .attuned)
        #expect(c.stateAfter == .settled && c.activationAfter == 3 && c.notes == "they asked a question back")
        #expect(run.prompt.said.last == .shareMet(.attuned))
    }

    @Test func aShareNotedBeforeIsFilledInLaterWithAfter() throws {
        let f = try PracticeFixture()
        try f.person("Sam")
        let before = try f.run(.share, [
            (.shareWithWhom, .line("sam")), (.shareWhat, .line("a small worry")), (.shareSize, .line("1")),
            (.activationNow, .line("")), (.stateNow, .line("")), (.shareHappenedYet, .line("")),
        ])
        #expect(before.prompt.said.last == .shareKeptForLater && before.changes.goOn(.share) == "hearth practice share --after")
        let id = try #require(try f.connections().first?.id)
        let after = try f.run(.share, [
            (.shareResponse(name: "Sam"), .line("neutral")), (.stateAfter, .line("mixed")),
            (.activationAfterwards, .line("4")), (.noticedAfterShare, .line("")),
        ], after: true)
        #expect(after.ending == .finished && after.changes.goOn(nil) == "hearth practice")
        let c = try #require(try f.connections().first)
        #expect(c.id == id && c.response == .neutral && c.stateAfter == .mixed && c.activationAfter == 4 && c.shared == "a small worry")
        // Nothing is waiting any more.
        let none = try f.run(.share, [], after: true)
        #expect(none.prompt.said == [.shareNoneWaiting] && none.changes.isEmpty)
    }

    @Test func activationOfSevenOrMoreOffersBreathingFirstInOneSkippableLine() throws {
        let f = try PracticeFixture()
        let offered = try f.run(.share, [
            (.shareWhat, .line("x")), (.shareSize, .line("")), (.activationNow, .line("7")), (.breatheFirst, .line("y")),
            (.stateNow, .line("")), (.shareHappenedYet, .line("")),
        ], keyAfter: 5)
        #expect(offered.ending == .finished && offered.prompt.unanswered == 0)
        #expect(!offered.prompt.frames.isEmpty && offered.prompt.said.contains(.breatheBackToFlow))
        let skipped = try f.run(.share, [
            (.shareWhat, .line("x")), (.shareSize, .line("")), (.activationNow, .line("9")), (.breatheFirst, .line("")),
            (.stateNow, .line("")), (.shareHappenedYet, .line("")),
        ])
        #expect(skipped.prompt.frames.isEmpty && skipped.prompt.unanswered == 0)
        let calm = try f.run(.share, [
            (.shareWhat, .line("x")), (.shareSize, .line("")), (.activationNow, .line("6")),
            (.stateNow, .line("")), (.shareHappenedYet, .line("")),
        ])
        #expect(calm.prompt.unanswered == 0 && !calm.prompt.asked.contains(.breatheFirst))
    }

    @Test func beliefOffersTheLeastRecentlyPractisedAndStoresADatedRating() throws {
        let f = try PracticeFixture()
        let old = RecordTime(date: f.clock.now.addingTimeInterval(-86_400 * 30), offsetSeconds: 0)
        try f.belief("I am a burden", counter: "People who love me want to help", ratedAt: f.now)
        let least = try f.belief("Needing people is weak", counter: "Needing people is human", ratedAt: old)
        try f.belief("Released one", counter: "", ratedAt: nil)
        let run = try f.run(.belief, [
            (.whichBelief(suggested: 2), .line("")), (.sayOrWriteIt, .line("canary-typed-aloud")),
            (.oldBeliefNow, .line("60")), (.counterBeliefNow, .line("45")),
        ])
        #expect(run.ending == .finished && run.prompt.shown.contains("    Needing people is human"))
        let b = try #require(try f.beliefs().first { $0.id == least })
        #expect(b.ratings.count == 2 && b.believability == 60 && b.counterBelievability == 45)
        // What is typed at "say or write it" is for the practice only, as the question says.
        #expect(!(try f.everything()).contains("canary-typed-aloud"))
    }

    @Test func noticeIsAScriptRecordInThreeLines() throws {
        let f = try PracticeFixture()
        let run = try f.run(.notice, [
            (.whatFired, .line("go quiet")), (.theUrge, .line("disappear for a week")), (.insteadOfIt, .line("text Sam one line")),
        ])
        #expect(run.ending == .finished && run.prompt.said.last == .noticeDone)
        let s = try #require(try f.scripts().first)
        #expect(s.script == "go quiet" && s.urge == "disappear for a week" && s.instead == "text Sam one line")
    }

    @Test func menuChoosesByNumberOrNameAndEnterLeaves() throws {
        let f = try PracticeFixture()
        let byNumber = try f.run(nil, [(.whichPractice, .line("4")), (.whatFired, .line("please")), (.theUrge, .line("")), (.insteadOfIt, .line(""))])
        #expect(byNumber.prompt.said.filter { if case .menuItem = $0 { true } else { false } }.count == Practice.allCases.count)
        #expect(try f.scripts().first?.script == "please")
        let byName = try f.run(nil, [(.whichPractice, .line("nope")), (.whichPractice, .line("bre")), (.noteActivationToo, .line(""))], keyAfter: 0)
        #expect(byName.prompt.said.contains(.notAPractice) && byName.prompt.said.last == .breatheDone)
        let leaving = try f.run(nil, [(.whichPractice, .line(""))])
        #expect(leaving.ending == .finished && leaving.changes.isEmpty)
    }
}
