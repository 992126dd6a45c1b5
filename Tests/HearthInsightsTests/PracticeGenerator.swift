import Foundation
import HearthRecords

/// Fictional practice data with known effects, for the insights tests. Deterministic for
/// a seed. What it plants (and insights must find, no more):
/// - after connections with `Known.settlingPerson` activation is exactly 2 points lower on
///   average; with `Known.steadyPerson` it is the same; `Known.rarePerson` is met only twice;
/// - `Known.helpfulStrategy` helps (+2, activation 3 lower); `Known.idleStrategy` does nothing
///   (effect 0, activation unchanged); `Known.rareStrategy` is used twice;
/// - `Known.softeningBelief` softens from 80 to 30 over six ratings while its answer grows
///   from 20 to 70; `Known.steadyBelief` stays about the same; `Known.rareBelief` is rated twice;
/// - evening check-ins are 2 points more activated than morning ones;
/// - ruptures with the settling person are repaired two days later; the steady person's are not.
/// Noise is balanced (−1, 0, +1 in turn), so averages land on the planted values.
struct PracticeGenerator {
    enum Known {
        static let settlingPerson = "Sam"
        static let settlingChange = -2.0
        static let steadyPerson = "Robin"
        static let rarePerson = "Ana"
        static let helpfulStrategy = "long exhale"
        static let helpfulEffect = 2.0
        static let helpfulChange = -3.0
        static let idleStrategy = "scrolling"
        static let rareStrategy = "humming"
        static let softeningBelief = "I'll be a burden"
        static let softeningRatings = [80, 70, 60, 50, 40, 30]
        static let softeningCounterRatings = [20, 30, 40, 50, 60, 70]
        static let steadyBelief = "I can't trust anyone"
        static let steadyRatings = [60, 62, 58, 61, 59, 60]
        static let rareBelief = "Needing people is weak"
        static let morningActivation = 3.0
        static let eveningActivation = 5.0
        /// Days from a rupture with the settling person to its repair.
        static let repairDays = 2.0
        /// Check-in rhythms, in days.
        static let settlingRhythm = 7
        static let steadyRhythm = 14
    }

    private var random: SplitMix64
    private let start: Date
    private let offset: Int
    private var counters: [String: Int] = [:]

    /// - Parameters:
    ///   - start: the first day, at midnight local time (default: Monday 2026-01-05, UTC+1).
    init(seed: UInt64 = 0x4845_4152_5448, start: RecordTime = RecordTime(iso8601: "2026-01-05T00:00:00+01:00")!) {
        random = SplitMix64(seed: seed)
        self.start = start.date
        offset = start.offsetSeconds
    }

    /// A practice of `days` days: people, then each day's connection, two body check-ins and a
    /// journal entry, a script now and then, and three beliefs rated over time.
    /// `extraPeople` more friends are met every third day, with no effect on activation.
    mutating func practice(days: Int, extraPeople: Int = 0) -> [AnyRecord] {
        var records = people(extraPeople: extraPeople)
        records += beliefs(span: days)
        for day in 0..<days { records += self.day(day, extraPeople: extraPeople) }
        return records
    }

    // MARK: Ids

    /// The id of the person called `name`.
    static func personID(_ name: String) -> String { "person-" + name.lowercased().replacingOccurrences(of: " ", with: "-") }

    static func extraPersonName(_ k: Int) -> String { "Friend \(k + 1)" }

    // MARK: Pieces

    private func time(_ day: Int, hour: Int, minute: Int = 0) -> RecordTime {
        RecordTime(date: start.addingTimeInterval(Double(day * 86_400 + hour * 3600 + minute * 60)), offsetSeconds: offset)
    }

    /// −1, 0, +1, −1, ... per stream: noise whose average is zero.
    private mutating func balanced(_ stream: String) -> Int {
        let n = counters[stream, default: 0]
        counters[stream] = n + 1
        return n % 3 - 1
    }

    private mutating func next(_ stream: String) -> Int {
        let n = counters[stream, default: 0]
        counters[stream] = n + 1
        return n
    }

    private func people(extraPeople: Int) -> [AnyRecord] {
        func person(_ name: String, _ roles: [PersonRole], rhythm: Int?) -> AnyRecord {
            .person(Person(
                common: RecordCommon(id: Self.personID(name), at: time(0, hour: 7)), name: name, roles: roles.map(\.rawValue),
                steadinessHistory: [.init(at: time(0, hour: 7), steadiness: 3)], checkInDays: rhythm))
        }
        var records = [
            person(Known.settlingPerson, [.friend], rhythm: Known.settlingRhythm),
            person(Known.steadyPerson, [.colleague], rhythm: Known.steadyRhythm),
            person(Known.rarePerson, [.therapist], rhythm: nil),
        ]
        for k in 0..<extraPeople { records.append(person(Self.extraPersonName(k), [.friend], rhythm: 30)) }
        return records
    }

    private func beliefs(span days: Int) -> [AnyRecord] {
        func ratings(_ old: [Int], _ counter: [Int]?, every step: Int) -> [Belief.Rating] {
            old.enumerated().map { i, value in
                .init(at: time(i * step, hour: 21, minute: 30), believability: value, counterBelievability: counter?[i])
            }
        }
        let step = max(1, days / 6)
        return [
            .belief(Belief(
                common: RecordCommon(id: "belief-softening", at: time(0, hour: 21, minute: 30)), belief: Known.softeningBelief,
                counterBelief: "People who care want to know how I am", status: .softening,
                ratings: ratings(Known.softeningRatings, Known.softeningCounterRatings, every: step))),
            .belief(Belief(
                common: RecordCommon(id: "belief-steady", at: time(0, hour: 21, minute: 31)), belief: Known.steadyBelief,
                counterBelief: "Some people have earned a little trust", status: .active,
                ratings: ratings(Known.steadyRatings, nil, every: step))),
            .belief(Belief(
                common: RecordCommon(id: "belief-rare", at: time(0, hour: 21, minute: 32)), belief: Known.rareBelief,
                counterBelief: "Needing people is human", status: .active,
                ratings: ratings([50, 45], [40, 50], every: step))),
        ]
    }

    private static let feelingWords = [
        "calm", "tense", "relieved", "anxious", "tender", "tired", "grateful", "lonely", "hopeful", "guarded",
        "warm", "overwhelmed", "curious", "ashamed", "safe", "restless", "content", "hurt", "connected", "numb",
    ]

    private mutating func day(_ day: Int, extraPeople: Int) -> [AnyRecord] {
        var records: [AnyRecord] = []
        let sam = Self.personID(Known.settlingPerson), robin = Self.personID(Known.steadyPerson)

        // The day's connection: the settling person on even days, the steady one on odd days.
        if day % 2 == 0 {
            let k = next("sam")
            let before = 5 + Int(random.next() % 4)
            let after = before + Int(Known.settlingChange) + balanced("sam-noise")
            var connection = Connection(
                common: RecordCommon(id: "connection-sam-\(k)", at: time(day, hour: 18)), people: [sam], channel: .inPerson,
                initiatedBy: k % 2 == 0 ? .me : .them, safety: k % 3 == 0 ? 2 : 1, stateBefore: .activated,
                stateAfter: k % 4 == 3 ? .mixed : .settled, activationBefore: before, activationAfter: after,
                shareDepth: min(5, 1 + k / 8), shared: "Something small and true about my week",
                response: k % 4 == 3 ? .neutral : .attuned, supportReceived: ["listening"],
                supportGiven: k % 2 == 0 ? ["company"] : [], feelings: ["relieved"], notes: "A walk by the river")
            if k % 10 == 4 { connection.rupture = true }
            // A rupture is repaired by the next meeting, two days later.
            if k % 10 == 5 { connection.repairOf = "connection-sam-\(k - 1)" }
            records.append(.connection(connection))
        } else {
            let k = next("robin")
            let before = 4 + Int(random.next() % 4)
            let after = before + balanced("robin-noise")
            records.append(.connection(Connection(
                common: RecordCommon(id: "connection-robin-\(k)", at: time(day, hour: 12, minute: 30)), people: [robin],
                channel: k % 2 == 0 ? .message : .call, initiatedBy: .them, safety: k % 2, stateBefore: .mixed,
                stateAfter: k % 3 == 0 ? .settled : .mixed, activationBefore: before, activationAfter: after,
                shareDepth: 1 + k % 2, shared: "A bit about the project", response: k % 5 == 4 ? .dismissive : .neutral,
                supportReceived: k % 3 == 0 ? ["advice"] : [], supportGiven: ["practical_help"],
                rupture: k % 15 == 7, notes: "")))
        }
        // Seen twice only: too few to tell.
        if day == 3 || day == 10 {
            records.append(.connection(Connection(
                common: RecordCommon(id: "connection-ana-\(day)", at: time(day, hour: 10)),
                people: [Self.personID(Known.rarePerson)], channel: .inPerson, initiatedBy: .me, safety: 2,
                stateBefore: .frozen, stateAfter: .settled, activationBefore: 8, activationAfter: 2, shareDepth: 3,
                response: .attuned, supportReceived: ["co_regulation"])))
        }
        if extraPeople > 0, day % 3 == 0 {
            let k = next("extra")
            let before = 3 + Int(random.next() % 5)
            records.append(.connection(Connection(
                common: RecordCommon(id: "connection-extra-\(k)", at: time(day, hour: 15)),
                people: [Self.personID(Self.extraPersonName(k % extraPeople))], channel: .video, initiatedBy: .mutual,
                safety: 1, activationBefore: before, activationAfter: before + balanced("extra-noise"),
                supportGiven: ["listening"])))
        }

        // Two body check-ins: mornings calmer, evenings more activated.
        let morning = Int(Known.morningActivation) + balanced("morning")
        let morningStrategy = (day == 5 || day == 12) ? Known.rareStrategy : Known.idleStrategy
        records.append(.body(BodyCheckIn(
            common: RecordCommon(id: "body-morning-\(day)", at: time(day, hour: 8)), state: .settled, activation: morning,
            activationAfter: morningStrategy == Known.rareStrategy ? max(0, morning - 3) : morning + balanced("idle"),
            sensations: [.init(region: "shoulders", quality: "heavy", intensity: 3)],
            helped: [.init(strategy: morningStrategy, effect: morningStrategy == Known.rareStrategy ? 2 : 0)],
            context: "before work")))
        let evening = Int(Known.eveningActivation) + balanced("evening")
        records.append(.body(BodyCheckIn(
            common: RecordCommon(id: "body-evening-\(day)", at: time(day, hour: 20)), state: .activated, activation: evening,
            activationAfter: evening + Int(Known.helpfulChange),
            sensations: [.init(region: "chest", quality: "tight", intensity: 6)],
            helped: [.init(strategy: Known.helpfulStrategy, effect: Int(Known.helpfulEffect))],
            people: day % 2 == 0 ? [sam] : [], feelings: ["tense"])))

        // A journal entry naming feelings from a vocabulary that grows month by month.
        let month = day / 30
        let vocabulary = Array(Self.feelingWords.prefix(min(Self.feelingWords.count, 4 + 3 * month)))
        let feelings = (0..<(1 + day % 3)).map { vocabulary[(day * 7 + $0 * 3) % vocabulary.count] }
        records.append(.journal(JournalEntry(
            common: RecordCommon(id: "journal-\(day)", at: time(day, hour: 21, minute: 30), tags: day % 7 == 0 ? ["week"] : []),
            text: "Day \(day). A fictional entry: a walk, a message, a quiet evening.", feelings: feelings,
            people: day % 2 == 0 ? [sam] : [robin])))

        if day % 5 == 0 {
            records.append(.script(Script(
                common: RecordCommon(id: "script-\(day)", at: time(day, hour: 13)), script: "go quiet and disappear",
                trigger: "plans changed", urge: "cancel everything", instead: "said I needed a minute", people: [robin])))
        }
        return records
    }
}

/// A small, fast, seedable generator (SplitMix64), so the same seed gives the same practice.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
