import Testing

@testable import HearthSession

@Suite struct SuspendWatchTests {
    /// What `sleptSinceLastLook` says at each of `readings` after the first (which starts the watch).
    func looks(_ readings: [(boot: Double, monotonic: Double)]) -> [Bool] {
        var remaining = readings
        var watch = SuspendWatch(clocks: { remaining.removeFirst() })
        var answers: [Bool] = []
        while !remaining.isEmpty { answers.append(watch.sleptSinceLastLook()) }
        return answers
    }

    @Test func timePassingAwakeIsNotASleep() {
        // A second, a minute, an hour awake: both clocks move together.
        #expect(looks([(100, 90), (101, 91), (160, 150), (3700, 3690)]) == [false, false, false])
    }

    @Test func theBootClockRunningAheadMeansTheMachineSlept() {
        // Lid closed for five minutes between the second and third look; reported once.
        #expect(looks([(100, 90), (101, 91), (402, 92), (403, 93)]) == [false, true, false])
    }

    @Test func aTinyDifferenceBetweenReadingsIsNoSleep() {
        #expect(looks([(100, 90), (100.6, 90.0), (101.2, 91.0)]) == [false, false])
    }

    @Test func theSystemClocksShowNoSleepWhileAwake() {
        var watch = SuspendWatch()
        let slept = watch.sleptSinceLastLook()
        #expect(!slept)
    }
}
