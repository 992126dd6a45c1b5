import Foundation
import HearthPractice
import HearthRecords
import Testing

/// The breathing guide: its rhythm, its length, any key stopping it, and what it stores (nothing,
/// unless asked). A stepped clock stands in for waiting.
@Suite struct BreathingTests {
    @Test func theRhythmIsFourSecondsInAndSixOut() {
        let r = BreathRhythm.standard
        #expect(r.frame(at: 0) == BreathFrame(phase: .breatheIn, filled: 0, width: 24))
        #expect(r.frame(at: 2) == BreathFrame(phase: .breatheIn, filled: 12, width: 24))
        #expect(r.frame(at: 4) == BreathFrame(phase: .breatheOut, filled: 24, width: 24))
        #expect(r.frame(at: 7) == BreathFrame(phase: .breatheOut, filled: 12, width: 24))
        #expect(r.frame(at: 10) == r.frame(at: 0) && r.frame(at: 13) == r.frame(at: 3))
        #expect(r.frame(at: 2).bar == String(repeating: "●", count: 12) + String(repeating: "·", count: 12))
    }

    @Test func withoutNotingNothingIsStoredAndTheGuideRunsItsMinutes() throws {
        let f = try PracticeFixture()
        let start = f.clock.now
        let run = try f.run(.breathe, [(.noteActivationToo, .line(""))], minutes: 2)
        #expect(run.ending == .finished && run.changes.isEmpty)
        #expect(run.prompt.waited == 120 && f.clock.now.timeIntervalSince(start) == 120 + 60)
        #expect(run.prompt.said == [.breatheIntro(minutes: 2), .breatheDone] && run.prompt.guidesEnded == 1)
        // Twelve breaths, each drawn in and out; frames every quarter second.
        #expect(run.prompt.frames.count == 480)
        #expect(run.prompt.frames.filter { $0.phase == .breatheIn && $0.filled == 0 }.count == 12)
    }

    @Test func anyKeyStopsTheGuide() throws {
        let f = try PracticeFixture()
        let run = try f.run(.breathe, [(.noteActivationToo, .line("n"))], keyAfter: 9)
        #expect(run.ending == .finished && run.prompt.waited == 9 && run.prompt.said.last == .breatheDone)
        #expect(run.prompt.said.first == .breatheIntro(minutes: Int(PracticeSession.defaultBreathMinutes)))
    }

    @Test func notingActivationStoresABodyCheckInThatBreathingHelped() throws {
        let f = try PracticeFixture()
        let start = f.now
        let run = try f.run(.breathe, [
            (.noteActivationToo, .line("yes")), (.stateNow, .line("shut down")), (.activationNow, .line("11")),
            (.activationNow, .line("8")), (.activationAfterwards, .line("5")),
        ], minutes: 1)
        #expect(run.ending == .finished && run.prompt.unanswered == 0)
        let body = try #require(try f.bodies().first)
        #expect(body.state == .shutDown && body.activation == 8 && body.activationAfter == 5 && body.common.at == start)
        #expect(body.helped.map(\.strategy) == [PracticeSession.breathingStrategy])
    }
}
