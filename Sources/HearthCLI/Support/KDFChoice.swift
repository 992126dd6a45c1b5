import ArgumentParser
import Foundation
import HearthCrypto
import HearthVault

/// The Argon2id cost a person chooses for a new key slot.
enum KDFChoice: String, ExpressibleByArgument, CaseIterable {
    case interactive, moderate, sensitive
    /// Not a word on the command line: the default when nothing is chosen.
    case calibrated
    #if DEBUG || HEARTH_TEST_BUILD
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
        #if DEBUG || HEARTH_TEST_BUILD
        case .minimum: Argon2idParameters(opsLimit: Argon2idParameters.minimumOps, memLimitBytes: Argon2idParameters.minimumMemory)
        #endif
        }
    }
}
