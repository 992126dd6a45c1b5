import Foundation
import Testing

/// The command line stays a thin layer of small files: no file of HearthCLI or of the message
/// catalogue over 300 lines (a longer one holds more than one concept; split it by concept, or
/// move what is not terminal handling to a module below).
struct SourceShapeTests {
    static let limit = 300

    @Test func noCommandLineOrCatalogueFileIsOver300Lines() {
        var long: [String] = []
        for module in ["HearthCLI", "HearthMessages"] {
            for file in MessageCatalogueTests.files(under: module) {
                // Counted as `wc -l` counts them.
                let lines = MessageCatalogueTests.text(file).utf8.count { $0 == UInt8(ascii: "\n") }
                if lines > Self.limit { long.append("\(file): \(lines) lines") }
            }
        }
        #expect(!MessageCatalogueTests.files(under: "HearthCLI").isEmpty)
        #expect(long.isEmpty, "over \(Self.limit) lines:\n\(long.joined(separator: "\n"))")
    }
}
