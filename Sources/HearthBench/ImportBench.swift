// Bulk work: importing SIZE records of every kind (Hearth's own export) into an empty vault and
// then again into the vault that already holds them (nothing new), and adding SIZE journal
// entries as JSON Lines (`add --json`), each the whole cycle (lock, read, open, change, save),
// KDF excluded; beside the floors of the same run. Leaves `import-SIZE.json`, `add-SIZE.jsonl`
// and `import-empty-SIZE.hearth` in FOLDER for Scripts/bench to time the hearth binary on them.
// Usage: HearthBench import SIZE FOLDER; prints one JSON object.
import Foundation
import HearthCrypto
import HearthRecords
import HearthVault

func runImportBench(size: Int, folder: String) throws {
    func file(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
    let start = Date(timeIntervalSince1970: 1_700_000_000)
    let generated = mixedRecords(size: size, start: start)
    let archive = Array(JSONWriter.compact(RecordArchive.document(
        records: generated.records, tombstones: [], exportedAt: RecordTime(date: start, offsetSeconds: 0))).utf8)
    _ = FileManager.default.createFile(atPath: file("import-\(size).json"), contents: Data(archive))
    // `add --json` input: journal entries without ids, one a line.
    let lines = (0..<size).map { i -> String in
        let at = RecordTime(date: start.addingTimeInterval(Double(i) * 3600), offsetSeconds: 3600)
        return JSONWriter.compact(.object(JSONObject([
            "at": .string(at.iso8601), "text": .string(mixedText(i, bytes: 500)),
            "feelings": .strings([FeelingVocabulary.allWords[i % FeelingVocabulary.allWords.count]]),
            "tags": .strings(i % 7 == 0 ? ["walk"] : []),
        ])))
    }
    let jsonLines = Array((lines.joined(separator: "\n") + "\n").utf8)
    _ = FileManager.default.createFile(atPath: file("add-\(size).jsonl"), contents: Data(jsonLines))

    let empty = file("import-empty-\(size).hearth"), target = file("import-\(size).hearth")
    unlink(empty)
    let passphrase = try SecretBytes(copying: Array("benchmark passphrase".utf8))
    let credential = VaultCredential.keys(try RecordVault.create(at: empty, secret: passphrase, kdf: .interactive, lockTimeout: 10).opened.keys.epoch)
    func fresh() throws {
        unlink(target)
        try FileManager.default.copyItem(atPath: empty, toPath: target)
    }
    func importArchive() throws -> ImportReport {
        try RecordVault.modify(at: target, credential: credential, lockTimeout: 10) { store in
            let contents = try RecordArchive.read(archive, now: .now())
            return try store.write { try $0.importRecords(contents.items, tombstones: contents.tombstones, now: Date()) }
        }
    }
    let runs = size >= 50_000 ? 3 : 5

    /// Median wall and CPU time (this thread's, which other processes on the machine do not
    /// inflate) of `body`, each run after `prepare` (not timed).
    func timed(_ prepare: () throws -> Void = {}, _ body: () throws -> Void) rethrows -> (wall: Double, cpu: Double) {
        var walls: [Double] = [], cpus: [Double] = []
        for _ in 0..<runs {
            try prepare()
            var cpu = 0.0
            walls.append(try measure(runs: 1) { cpu = try measureCPU(runs: 1, body) })
            cpus.append(cpu)
        }
        return (walls.sorted()[runs / 2], cpus.sorted()[runs / 2])
    }

    // Into an empty vault (a fresh copy each run; the copy is not timed).
    var report = ImportReport()
    let intoEmpty = try timed(fresh) { report = try importArchive() }
    guard report.added == size else { fatalError("import added \(report.added) of \(size)") }
    // The same file again: nothing new.
    let again = try timed { report = try importArchive() }
    guard report.added == 0, report.unchanged == size else { fatalError("re-import: \(report)") }
    // Where the time of an import goes: reading the JSON; the records layer alone, in memory.
    let parse = try measureCPU(runs: runs) { _ = try RecordArchive.read(archive, now: .now()) }
    let contents = try RecordArchive.read(archive, now: .now())
    let inMemory = try measureCPU(runs: runs) {
        let database = try PlaintextDatabase.empty()
        _ = try RecordStore(database: database).write { try $0.importRecords(contents.items, tombstones: [], now: Date()) }
    }
    let full = try RecordVault.open(at: target, credential: credential)
    let againInMemory = try measureCPU(runs: runs) {
        _ = try full.store.write { try $0.importRecords(contents.items, tombstones: [], now: Date()) }
    }

    // `add --json`: SIZE journal entries read from JSON Lines, inserted in one write, one save.
    let addJSON = try timed(fresh) {
        try RecordVault.modify(at: target, credential: credential, lockTimeout: 10) { store in
            let now = RecordTime.now()
            let records = try JSONReader.parseValueOrLines(jsonLines).map { value, _ -> AnyRecord in
                guard case .object(let object) = value else { fatalError("not an object") }
                return try RecordJSON.record(from: object, kind: .journal, now: now)
            }
            try store.write { r in for record in records { try r.insert(record) } }
        }
    }

    // The floors, for the imported vault's payload: decrypting it, and writing a file of its size.
    let (header, fileLength) = try Vault.readHeader(at: file("import-\(size).hearth"))
    let streamFloor = try SecretStreamFloor(payloadBytes: Int(header.payloadLength), chunk: Int(header.chunkSize))
    let floorDecrypt = try measure(runs: 9) { try streamFloor.decrypt() }
    let floorDecryptCPU = try measureCPU(runs: 9) { try streamFloor.decrypt() }
    let floorPath = target + ".floor"
    let floorWrite = try measure(runs: 9) {
        let writer = try AtomicFileWriter(destination: floorPath)
        try streamFloor.ciphertext.withUnsafeBytes { try writer.write($0) }
        try writer.commit()
    }
    unlink(floorPath)
    unlink(target)

    let result: [String: Any] = [
        "records": size, "input_bytes": archive.count, "payload_bytes": Int(header.payloadLength), "file_bytes": Int(fileLength),
        "floor_decrypt_ms": floorDecrypt, "floor_decrypt_cpu_ms": floorDecryptCPU, "floor_write_ms": floorWrite,
        "import_ms": intoEmpty.wall, "import_cpu_ms": intoEmpty.cpu, "reimport_ms": again.wall, "reimport_cpu_ms": again.cpu,
        "add_json_ms": addJSON.wall, "add_json_cpu_ms": addJSON.cpu, "parse_cpu_ms": parse, "import_in_memory_cpu_ms": inMemory,
        "reimport_in_memory_cpu_ms": againInMemory,
        "peak_rss_mb": peakRSSMegabytes(), "runs": runs,
    ]
    let json = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
    print(String(decoding: json, as: UTF8.self))
}
