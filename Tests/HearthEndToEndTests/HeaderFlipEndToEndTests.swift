import Foundation
import HearthTestSupport
import Testing

/// Single-bit flips in the header, through the command line run in process (issue 3, section 7;
/// `HEARTH_TEST_MODE=binary` runs the same flips through the binary).
///
/// What proves "every bit of the header and slot table is caught" within CI time:
/// - The header ends with a BLAKE2b checksum over all of its other bytes, checked before any key
///   derivation, so a flip anywhere in the 2048 bytes is refused without running Argon2id. The
///   in-process test `HeaderTests.everyHeaderBitFlipIsCaughtBeforeKeyDerivation` flips all
///   16 384 bits one by one and opens each result through `Vault.open`, the very code the binary
///   runs, and checks which check caught it (magic, version, checksum).
/// - What that cannot show is the command line's own mapping from those errors to exit codes, its
///   handling of real files, and that it never crashes (in process, a crash would end the test run). That mapping depends on the kind of
///   error, not on the bit, so here the binary sees every bit of the first 16 bytes, where the
///   kind of error differs (magic: not a vault; version: newer or unknown; lengths and flags),
///   and one seeded random bit in each 64-byte block of the rest (counters, every slot, the
///   payload parameters, the sealed metadata, reserved bytes, the MAC, the checksum): 160 runs of
///   a few ms each in process. The seed is printed and changes per run. Each must exit 65 (or 69 where the
///   version grew), print nothing on stdout, say why on stderr, and not die from a signal.
/// - HEARTH_E2E_EXHAUSTIVE=1 runs all 16 384 bits through the binary (about 4 minutes on 2
///   cores); HEARTH_E2E_EXHAUSTIVE=bytes one bit of every byte (2 160 runs, as CI once did).
@Suite(.serialized, .ownThreads) struct HeaderFlipEndToEndTests {
    struct Failure: CustomStringConvertible {
        var bit: Int
        var result: ProcessResult
        var description: String { "bit \(bit) (byte \(bit / 8)): status \(result.status) \(result.err)" }
    }

    @Test func everyHeaderByteFlippedThroughTheBinary() throws {
        let box = Sandbox(mode: .inProcess)
        box.initVault()
        box.add("an entry that must stay unreadable to a damaged header")
        let original = box.bytes()
        #expect(box.list().entries?.count == 1)

        var bits: [Int]
        let exhaustive = ProcessInfo.processInfo.environment["HEARTH_E2E_EXHAUSTIVE"]
        if exhaustive == "1" {
            bits = Array(0..<(2048 * 8))
        } else {
            var generator = SeededGenerator.fromEnvironment("header flips through the binary")
            // One bit in each byte, or in each 64-byte block: the errors differ by region, not by bit.
            let stride = exhaustive == "bytes" ? 1 : 64
            bits = Swift.stride(from: 0, to: 2048, by: stride).map { block in
                (block + Int.random(in: 0..<stride, using: &generator)) * 8 + Int.random(in: 0..<8, using: &generator)
            }
            // Every bit of magic, version, header length and flags.
            bits += (0..<(16 * 8))
            bits = Array(Set(bits)).sorted()
        }

        let positions = bits
        let workers = 2
        let lock = NSLock()
        nonisolated(unsafe) var failures: [Failure] = []
        nonisolated(unsafe) var exitCounts: [Int32: Int] = [:]
        let start = Date()
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let path = box.root + "/flip-\(worker).hearth"
            for (n, bit) in positions.enumerated() where n % workers == worker {
                var bytes = original
                bytes[bit / 8] ^= UInt8(1 << (bit % 8))
                box.write(bytes, to: path)
                let result = box.run(["journal", "list"] + box.unlocking(path), timeout: 30)
                let byte = bit / 8
                let newerVersionAllowed = (8..<10).contains(byte) && result.status == 69
                let ok = (result.status == 65 || newerVersionAllowed) && result.signal == nil && result.stdout.isEmpty
                    && !result.err.isEmpty
                lock.lock()
                exitCounts[result.status, default: 0] += 1
                if !ok { failures.append(Failure(bit: bit, result: result)) }
                lock.unlock()
            }
        }
        let elapsed = Date().timeIntervalSince(start)
        print("\(bits.count) header flips through the binary in \(String(format: "%.1f", elapsed)) s: exit codes \(exitCounts)")
        #expect(failures.isEmpty, "\(failures.count) flips not refused as damage, first: \(failures.prefix(5))")
        #expect(exitCounts.values.reduce(0, +) == bits.count)
        #expect(box.bytes() == original)
    }
}
