// The mixed-kind benchmark (issue 4): a vault of every record kind, then, on the opened vault,
// list -n 20, search, show, and the whole add-and-save cycle of one connection.
// Usage: HearthBench mixed SIZE FOLDER; prints one JSON object.
import Foundation
import HearthCrypto
import HearthInsights
import HearthRecords
import HearthVault

/// Fictional text of about `bytes` bytes, different for each `i`.
func mixedText(_ i: Int, bytes: Int) -> String {
    let phrases = [
        "walked by the river", "my shoulders dropped", "the urge to go quiet", "shared a little",
        "tight in the chest", "tea by the window", "said no kindly", "texted my sister first",
        "felt seen", "needed a minute", "laughed together", "a long exhale helped",
    ]
    var text = "Note \(i): "
    var k = UInt(i)
    while text.utf8.count < bytes {
        text += phrases[Int(k % UInt(phrases.count))] + ", "
        k = k &* 31 &+ 7
    }
    return text
}

/// Records of every kind for the benchmarks: about 40% journal entries of 500 bytes, 25%
/// connections, 20% body check-ins, 5% beliefs, 10% scripts, and 1% people (at most 200, first)
/// linked from the rest, with feelings, tags and support words.
func mixedRecords(size: Int, start: Date) -> (people: [String], records: [AnyRecord]) {
    let feelings = FeelingVocabulary.allWords
    let states = NervousSystemState.allCases
    let peopleCount = max(2, min(200, size / 100))
    var people: [String] = []
    var records: [AnyRecord] = []
    for i in 0..<peopleCount {
        let at = RecordTime(date: start.addingTimeInterval(Double(i) * 60), offsetSeconds: 3600)
        let p = Person(common: RecordCommon(at: at), name: "Person \(i)", roles: [PersonRole.allCases[i % 10].rawValue],
                       steadinessHistory: [.init(at: at, steadiness: 1 + i % 5)], notes: mixedText(i, bytes: 80),
                       checkInDays: 7 + i % 21)
        records.append(.person(p))
        people.append(p.id)
    }
    for i in 0..<(size - peopleCount) {
        let at = RecordTime(date: start.addingTimeInterval(Double(i) * 1800), offsetSeconds: 3600)
        let common = RecordCommon(at: at, tags: i % 7 == 0 ? ["walk"] : [], starred: i % 50 == 0)
        let who = [people[i % people.count]] + (i % 4 == 0 ? [people[(i * 7 + 3) % people.count]] : [])
        let felt = [feelings[i % feelings.count], feelings[(i * 13) % feelings.count]]
        let record: AnyRecord
        switch i % 20 {
        case 0..<8:
            record = .journal(JournalEntry(common: common, text: mixedText(i, bytes: 500), feelings: felt, people: who))
        case 8..<13:
            record = .connection(Connection(
                common: common, people: who, channel: ConnectionChannel.allCases[i % 8], initiatedBy: ReachedOut.allCases[i % 3],
                safety: i % 5 - 2, stateBefore: states[i % 6], stateAfter: states[(i + 1) % 6], activationBefore: i % 11,
                activationAfter: (i * 3) % 11, shareDepth: 1 + i % 5, shared: mixedText(i, bytes: 100),
                response: ShareResponse.allCases[i % 4], supportReceived: [SupportSuggestions.words[i % 12]],
                supportGiven: i % 3 == 0 ? [SupportSuggestions.words[(i + 5) % 12]] : [], rupture: i % 40 == 9,
                feelings: felt, notes: mixedText(i + 1, bytes: 120)))
        case 13..<17:
            record = .body(BodyCheckIn(
                common: common, state: states[i % 6], activation: i % 11, activationAfter: (i * 7) % 11,
                sensations: [.init(region: ["chest", "throat", "belly", "shoulders"][i % 4], quality: ["tight", "warm", "buzzing"][i % 3],
                                   intensity: i % 11)],
                helped: [.init(strategy: ["long exhale", "feet on the floor", "a walk", "cold water"][i % 4], effect: i % 5 - 2)],
                context: mixedText(i, bytes: 80), people: i % 3 == 0 ? who : [], feelings: felt, notes: mixedText(i + 2, bytes: 60)))
        case 17:
            record = .belief(Belief(
                common: common, belief: mixedText(i, bytes: 60), counterBelief: mixedText(i + 3, bytes: 80),
                ratings: [.init(at: at, believability: i % 101, counterBelievability: (i * 3) % 101)]))
        default:
            record = .script(Script(
                common: common, script: mixedText(i, bytes: 40), trigger: mixedText(i + 1, bytes: 40),
                urge: mixedText(i + 2, bytes: 30), instead: mixedText(i + 3, bytes: 40), people: who, feelings: felt))
        }
        records.append(record)
    }
    return (people, records)
}

func runMixedBench(size: Int, folder: String) throws {
    let path = (folder as NSString).appendingPathComponent("mixed-\(size).hearth")
    unlink(path)
    let passphrase = try SecretBytes(copying: Array("benchmark passphrase".utf8))
    let created = try RecordVault.create(at: path, secret: passphrase, kdf: .interactive, lockTimeout: 10)
    let epochKey = created.opened.keys.epoch
    let start = Date(timeIntervalSince1970: 1_700_000_000)
    let generated = mixedRecords(size: size, start: start)
    let people = generated.people
    let feelings = FeelingVocabulary.allWords
    var counts: [RecordKind: Int] = [:]
    try created.store.write { r in
        for record in generated.records {
            try r.insert(record)
            if record.kind != .person { counts[record.kind, default: 0] += 1 }
        }
    }
    let peopleCount = people.count
    do {
        let lock = try WriterLock(vaultPath: path, timeout: 10)
        try created.save()
        withExtendedLifetime(lock) {}
    }
    let credential = VaultCredential.keys(epochKey)
    let (header, _) = try Vault.readHeader(at: path)
    let runs = size >= 100_000 ? 5 : 9

    var vault = try RecordVault.open(at: path, credential: credential)
    let open = try measure(runs: runs) { vault = try RecordVault.open(at: path, credential: credential) }
    let store = vault.store
    // After open: what `KIND list -n 20` and `search` do once the vault is in memory.
    let listJournal = try measure(runs: runs) { _ = try store.read { try $0.list(RecordFilter(kind: .journal, limit: 20)) }.map { $0.preview() } }
    let listConnections = try measure(runs: runs) {
        _ = try store.read { try $0.list(RecordFilter(kind: .connection, limit: 20)) }.map { $0.preview() }
    }
    let listFiltered = try measure(runs: runs) {
        _ = try store.read { try $0.list(RecordFilter(kind: .journal, limit: 20, feeling: feelings[3], person: people[1])) }
    }
    var hits = 0
    var searches: [String: Double] = [:]
    for (name, query) in [("common", "river"), ("rare", "Note AND 4242"), ("phrase", "\"tight in the chest\""), ("prefix", "exha*")] {
        let q = try SearchQuery(query)
        searches[name] = try measure(runs: runs) { hits = try store.read { try $0.search(q, limit: 20, highlight: ("[", "]")).hits }.count }
    }
    let someID = try store.read { try $0.list(RecordFilter(kind: .connection, limit: 1)) }.first!.id
    let show = try measure(runs: runs) { _ = try store.read { try $0.record(id: someID) } }
    // Insights on the open vault (issue 8): everything, one person, the last 90 days.
    var insights = try Insights.compute(in: vault.database)
    let insightsAll = try measure(runs: runs) { insights = try Insights.compute(in: vault.database) }
    // The same on this thread's CPU clock: what the work costs, whatever else the machine does.
    let insightsCPU = try measureCPU(runs: runs) { _ = try Insights.compute(in: vault.database) }
    let insightsPerson = try measure(runs: runs) {
        _ = try Insights.compute(in: vault.database, scope: InsightsScope(personID: people[1]))
    }
    let lastDays = (insights.last?.date ?? Date()).addingTimeInterval(-90 * 86_400)
    let insightsWindow = try measure(runs: runs) {
        _ = try Insights.compute(in: vault.database, scope: InsightsScope(since: .instant(lastDays)))
    }
    let insightsJSON = measure(runs: runs) { _ = JSONWriter.pretty(insights.json(timeZone: .current)) }
    var added = 0
    let addSave = try measure(runs: runs) {
        _ = try RecordVault.modify(at: path, credential: credential, lockTimeout: 10) { store in
            let now = RecordTime.now()
            try store.write {
                try $0.insert(.connection(Connection(
                    common: RecordCommon(at: now), people: [people[added % people.count]], safety: 1, stateBefore: .activated,
                    stateAfter: .settled, activationBefore: 6, activationAfter: 3, shared: mixedText(size + added, bytes: 100))))
            }
            added += 1
        }
    }
    let report: [String: Any] = [
        "records": size, "payload_bytes": Int(header.payloadLength),
        "kinds": Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, $0.value) }).merging(["person": peopleCount]) { $1 },
        "open_ms": open, "list20_journal_ms": listJournal, "list20_connect_ms": listConnections,
        "list20_filtered_ms": listFiltered, "search_common_ms": searches["common"]!, "search_rare_ms": searches["rare"]!,
        "search_phrase_ms": searches["phrase"]!, "search_prefix_ms": searches["prefix"]!, "show_ms": show,
        "add_save_ms": addSave, "insights_ms": insightsAll, "insights_cpu_ms": insightsCPU, "insights_person_ms": insightsPerson,
        "insights_90_days_ms": insightsWindow, "insights_json_ms": insightsJSON, "peak_rss_mb": peakRSSMegabytes(), "runs": runs, "last_hits": hits,
    ]
    let json = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
    print(String(decoding: json, as: UTF8.self))
}
