import Foundation
import HearthCrypto

/// Finds the Argon2id time cost that takes about one second at 256 MiB on this machine.
public enum KDFCalibration {
    public static let memory: UInt64 = 256 << 20
    public static let target: Double = 1.0

    public static func calibrated() throws -> Argon2idParameters {
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

/// A key slot's unlocking cost as a person reads it.
extension Argon2idParameters {
    /// "3 passes, 256 MiB": how the cost reads in messages and `status`.
    public var summary: String { "\(opsLimit) passes, \(memLimitBytes >> 20) MiB" }

    /// The preset name when the cost is exactly one, else "custom".
    public var presetName: String {
        switch self {
        case .interactive: "interactive"
        case .moderate: "moderate"
        case .sensitive: "sensitive"
        default: "custom"
        }
    }
}
