import ArgumentParser
import Foundation
import HearthCrypto

/// The Argon2id cost a person chooses for a new key slot.
enum KDFChoice: String, ExpressibleByArgument, CaseIterable {
    case interactive, moderate, sensitive
    /// Not a word on the command line: the default when nothing is chosen.
    case calibrated
    #if DEBUG
    /// Test builds only (`--kdf minimum`, `HEARTH_KDF=minimum`): the lowest cost a reader accepts
    /// (1 pass, 8 MiB), so that a suite starting the binary thousands of times does not spend
    /// most of its time in Argon2id. A release build has no such word.
    case minimum
    #endif

    init?(argument: String) {
        guard let value = KDFChoice(rawValue: argument.lowercased()), value != .calibrated else { return nil }
        self = value
    }

    static var allValueStrings: [String] { ["interactive", "moderate", "sensitive"] }

    func parameters() throws -> Argon2idParameters {
        switch self {
        case .interactive: .interactive
        case .moderate: .moderate
        case .sensitive: .sensitive
        case .calibrated: try KDFCalibration.calibrated()
        #if DEBUG
        case .minimum: Argon2idParameters(opsLimit: Argon2idParameters.minimumOps, memLimitBytes: Argon2idParameters.minimumMemory)
        #endif
        }
    }
}

/// Finds the Argon2id time cost that takes about one second at 256 MiB on this machine.
enum KDFCalibration {
    static let memory: UInt64 = 256 << 20
    static let target: Double = 1.0

    static func calibrated() throws -> Argon2idParameters {
        let probe = Argon2idParameters(opsLimit: 1, memLimitBytes: memory)
        let secret = try SecretBytes(randomCount: 16)
        let start = Date()
        _ = try PasswordHash.deriveKey(passphrase: secret, salt: Random.bytes(PasswordHash.saltLength), parameters: probe)
        let perPass = max(Date().timeIntervalSince(start), 0.001)
        // Never below the MODERATE preset's passes, whatever the machine.
        let passes = UInt64((target / perPass).rounded())
        let ops = min(max(passes, Argon2idParameters.moderate.opsLimit), Argon2idParameters.maximumOps)
        return Argon2idParameters(opsLimit: ops, memLimitBytes: memory)
    }
}

extension Argon2idParameters {
    /// This cost, raised where needed so that it is below `floor` in nothing: at least its
    /// memory, at least its passes, and at least the work (passes x MiB) of both, spread over
    /// the larger memory. Stays within the bounds a reader accepts (else `floor` itself).
    func raised(toAtLeast floor: Argon2idParameters) -> Argon2idParameters {
        let memory = max(memLimitBytes, floor.memLimitBytes)
        let mebibytes = max(memory >> 20, 1)
        let work = max(self.work, floor.work)
        var passes = max((work + mebibytes - 1) / mebibytes, floor.opsLimit, Self.minimumOps)
        passes = min(passes, Self.maximumOps, Self.maximumWork / memory)
        let raised = Argon2idParameters(opsLimit: passes, memLimitBytes: memory)
        if raised.isWithinReadBounds { return raised }
        return floor.isWithinReadBounds ? floor : self
    }

    /// "3 passes, 256 MiB": how the cost reads in messages and `status`.
    var summary: String { "\(opsLimit) passes, \(memLimitBytes >> 20) MiB" }

    /// The preset name when the cost is exactly one, else "custom".
    var presetName: String {
        switch self {
        case .interactive: "interactive"
        case .moderate: "moderate"
        case .sensitive: "sensitive"
        default: "custom"
        }
    }
}
