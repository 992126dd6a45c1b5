import Foundation
import HearthCrypto
import HearthRecords
@testable import HearthVault

/// `HEARTH_FUZZ_MAKE_SEEDS=DIR` writes the seeds that come from real Hearth data (the vector's
/// header, its decrypted database image, a real recovery key) into DIR/<target>/ and exits.
/// Scripts/fuzz --make-seeds uses it once; the results are kept in Fuzz/Corpus.
@_cdecl("LLVMFuzzerInitialize")
public func hearthFuzzInitialize(_ argc: UnsafeMutablePointer<CInt>?, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?) -> CInt {
    guard let folder = ProcessInfo.processInfo.environment["HEARTH_FUZZ_MAKE_SEEDS"] else { return 0 }
    func write(_ target: String, _ name: String, _ bytes: [UInt8]) {
        let dir = folder + "/" + target
        try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: dir + "/" + name, contents: Data(bytes))
    }
    let header = Array(Vector.fileBytes.prefix(VaultHeader.length))
    write("header", "vector-v1-header", header)
    // The vector's header followed by its slot metadata plaintext (slot 0, no label).
    let table = try! SlotMetadataTable.open(from: Vector.header, masterKey: Vector.keys.masterKey!)
    var plain = [UInt8](repeating: 0, count: SlotMetadataTable.plaintextLength)
    if let entry = table.entries[0] {
        plain[0] = 1
        plain[1] = UInt8(entry.label.utf8.count)
        LittleEndian.write(Int64(entry.createdAt.timeIntervalSince1970), into: &plain, at: 2)
        LittleEndian.write(Int64(entry.changedAt.timeIntervalSince1970), into: &plain, at: 10)
    }
    write("header", "vector-v1-header-and-metadata", header + plain)
    let allocator = PlaintextAllocator(
        allocate: { UnsafeMutableRawBufferPointer.allocate(byteCount: $0, alignment: 16) }, release: { $0.deallocate() })
    let tmp = NSTemporaryDirectory() + "/hearth-fuzz-vector-\(getpid()).hearth"
    FileManager.default.createFile(atPath: tmp, contents: Data(Vector.fileBytes))
    let (_, payload) = try! Vault.open(at: tmp, credential: .keys(Vector.keys.epoch), allocator: allocator)
    unlink(tmp)
    write("database", "vector-v1-records", Array(UnsafeRawBufferPointer(payload)))
    let key = try! RecoveryKey.generate()
    let shown = try! RecoveryKey.displayForm(key)
    shown.withUnsafeBytes { write("recovery-key", "generated-display-form", Array($0)) }
    shown.withUnsafeBytes { raw in
        // Typed the forgiving way: lower case, spaces for dashes, a trailing newline.
        let typed = Array(String(decoding: Array(raw), as: UTF8.self).lowercased().replacingOccurrences(of: "-", with: " ").utf8) + [10]
        write("recovery-key", "generated-typed-loosely", typed)
    }
    exit(0)
}
