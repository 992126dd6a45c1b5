// Search on a vault with one very long, repetitive entry, beside the same vault without it.
// Usage: HearthBench repetitive SIZE FOLDER [BYTES]; prints one JSON object and leaves the two
// vaults in FOLDER (repetitive-SIZE-without.hearth, repetitive-SIZE-with.hearth) for Scripts/bench
// to time the hearth binary on.
//
// The long entry is one word ("walked", which many of the other entries hold too)
// repeated to BYTES (default 500 KB). A search for it ranks the long entry with the others and
// makes its snippet: FTS5's snippet() did that in the square of the matches (minutes), so the
// search must now cost about the same with the entry as without it.
import Foundation
import HearthCrypto
import HearthRecords
import HearthVault

func runRepetitiveBench(size: Int, folder: String, bytes: Int) throws {
    let passphrase = try SecretBytes(copying: Array("benchmark passphrase".utf8))
    let start = Date(timeIntervalSince1970: 1_700_000_000)
    let repeated = String(repeating: "walked ", count: bytes / 7)
    var report: [String: Any] = ["records": size, "long_entry_bytes": repeated.utf8.count]
    var stores: [String: RecordStore] = [:]
    var vaults: [RecordVault] = []
    for withLong in [false, true] {
        let name = withLong ? "with" : "without"
        let path = (folder as NSString).appendingPathComponent("repetitive-\(size)-\(name).hearth")
        unlink(path)
        let created = try RecordVault.create(at: path, secret: passphrase, kdf: .interactive, lockTimeout: 10)
        let epochKey = created.opened.keys.epoch
        for i in 0..<size {
            let at = RecordTime(date: start.addingTimeInterval(Double(i) * 3600), offsetSeconds: 3600)
            try created.store.add(JournalEntry(at: at, createdAt: at, updatedAt: at, text: entryText(i), tags: []))
        }
        if withLong {
            // The newest entry: inside the window of recent matches that a search ranks.
            let at = RecordTime(date: start.addingTimeInterval(Double(size) * 3600), offsetSeconds: 3600)
            try created.store.add(JournalEntry(at: at, createdAt: at, updatedAt: at, text: repeated, tags: []))
        }
        do {
            let lock = try WriterLock(vaultPath: path, timeout: 10)
            try created.save()
            withExtendedLifetime(lock) {}
        }
        let vault = try RecordVault.open(at: path, credential: .keys(epochKey))
        vaults.append(vault)
        stores[name] = vault.store
    }
    // What `hearth search` does once the vault is open: 20 results, matches marked. The two
    // vaults take turns, run by run, so that both see the same load on a shared machine.
    let runs = 15
    for (label, typed) in [("word", "walked"), ("prefix", "walk*"), ("either", "walked OR sam")] {
        let query = try SearchQuery(typed)
        var wall: [String: [Double]] = [:], cpu: [String: [Double]] = [:]
        for _ in 0..<runs {
            for name in ["without", "with"] {
                let store = stores[name]!
                var hits: [SearchHit] = []
                let search = { hits = try store.read { try $0.search(query, limit: 20, highlight: ("[", "]")).hits } }
                wall[name, default: []].append(try measure(runs: 1, search))
                cpu[name, default: []].append(try measureCPU(runs: 1, search))
                report["search_\(label)_\(name)_hits"] = hits.count
                if name == "with" {
                    report["search_\(label)_long_snippet_bytes"] = hits.first { $0.snippet.hasPrefix("[walked] [walked]") }?.snippet.utf8.count ?? 0
                }
            }
        }
        for name in ["without", "with"] {
            report["search_\(label)_\(name)_ms"] = wall[name]!.sorted()[runs / 2]
            report["search_\(label)_\(name)_cpu_ms"] = cpu[name]!.sorted()[runs / 2]
        }
    }
    withExtendedLifetime(vaults) {}
    let json = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
    print(String(decoding: json, as: UTF8.self))
}
