import Foundation
import HearthPractice
import HearthRecords
import Testing

/// Leaving a practice at any question, with Ctrl-C or with Ctrl-D, keeps everything written
/// before it (and, with Ctrl-D, what was on that line). Answers starting `keep-` are free text
/// that must be found in the stored records afterwards.
@Suite struct PracticeInterruptionTests {
    typealias Script = [(PracticeQuestion, ScriptedPrompt.Reply)]

    struct Flow: Sendable {
        let practice: Practice
        var after = false
        let setUp: @Sendable (PracticeFixture) throws -> Void
        let script: Script
    }

    static let flows: [Flow] = [
        Flow(practice: .reflect, setUp: { try $0.person("Sam") }, script: [
            (.reflectWhom, .line("")),
            (.listensWithoutFixing(name: "Sam"), .line("keep-listens")),
            (.validatesWithoutProof(name: "Sam"), .line("keep-validates")),
            (.noticeWithThem(name: "Sam"), .line("keep-noticed")),
            (.steadiness(name: "Sam", current: nil), .line("4")),
            (.aLittleSafer, .line("1")),
        ]),
        Flow(practice: .share, setUp: { try $0.person("Sam") }, script: [
            (.shareWithWhom, .line("Sam")),
            (.shareWhat, .line("keep-what")),
            (.shareSize, .line("2")),
            (.activationNow, .line("8")),
            (.breatheFirst, .line("")),
            (.stateNow, .line("frozen")),
            (.shareHappenedYet, .line("yes")),
            (.shareResponse(name: "Sam"), .line("attuned")),
            (.stateAfter, .line("settled")),
            (.activationAfterwards, .line("3")),
            (.noticedAfterShare, .line("keep-after")),
        ]),
        Flow(practice: .notice, setUp: { _ in }, script: [
            (.whatFired, .line("keep-fired")), (.theUrge, .line("keep-urge")), (.insteadOfIt, .line("keep-instead")),
        ]),
        Flow(practice: .belief, setUp: { try $0.belief("I am too much", counter: "I am allowed space") }, script: [
            (.sayOrWriteIt, .line("")), (.oldBeliefNow, .line("70")), (.counterBeliefNow, .line("40")),
        ]),
        Flow(practice: .breathe, setUp: { _ in }, script: [
            (.noteActivationToo, .line("y")), (.stateNow, .line("activated")), (.activationNow, .line("8")),
            (.activationAfterwards, .line("5")),
        ]),
    ]

    /// The answers before question `k` (and question `k`'s own, with Ctrl-D) are all stored.
    @Test(arguments: flows.indices) func leavingAtAnyQuestionKeepsWhatWasWritten(flow index: Int) throws {
        let flow = Self.flows[index]
        for k in 0..<flow.script.count {
            for ctrlD in [false, true] {
                let f = try PracticeFixture()
                try flow.setUp(f)
                var script = Array(flow.script[..<k])
                let (question, reply) = flow.script[k]
                script.append((question, ctrlD ? .ended(reply.typed) : .stop))
                let run = try f.run(flow.practice, script, after: flow.after, keyAfter: 1)
                #expect(run.ending == (ctrlD ? .left : .stopped(SIGINT)), "\(flow.practice) at \(k)")
                #expect(run.prompt.unanswered == 0, "\(flow.practice) at \(k): no question after leaving")
                let stored = try f.everything()
                for (_, answer) in script where answer.typed.hasPrefix("keep-") {
                    #expect(stored.contains(answer.typed), "\(flow.practice) left at \(k) (Ctrl-D: \(ctrlD)) lost \(answer.typed)")
                }
                // The last number given before leaving is stored too.
                if let number = script.last(where: { Int($0.1.typed) != nil && $0.1 != .stop })?.1.typed,
                   [.belief, .breathe].contains(flow.practice) {
                    #expect(stored.contains(":\(number)"), "\(flow.practice) left at \(k) lost \(number): \(stored)")
                }
            }
        }
    }

    @Test func ctrlCDuringTheBreathingGuideKeepsTheCheckInNotedBefore() throws {
        let f = try PracticeFixture()
        let run = try f.run(.breathe, [(.noteActivationToo, .line("y")), (.stateNow, .line("frozen")), (.activationNow, .line("9"))],
                            stopAfter: 20)
        #expect(run.ending == .stopped(SIGINT) && run.prompt.guidesEnded == 1)
        let body = try #require(try f.bodies().first)
        #expect(body.state == .frozen && body.activation == 9 && body.activationAfter == nil)
        #expect(body.helped == [.init(strategy: "breathing")])
    }
}

extension ScriptedPrompt.Reply {
    var typed: String {
        switch self {
        case .line(let text), .ended(let text): text
        case .stop: ""
        }
    }
}
