import Foundation
import Testing

extension Sandbox {
    /// Adds `text` as journal entries of at most 512 KiB each, in one `add --json` (JSON
    /// Lines): one record holds at most 1 MiB of text, so a large vault is made of several.
    func addInEntries(_ text: String) throws {
        var lines: [String] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            var cut = rest.utf8.index(rest.startIndex, offsetBy: min(512 << 10, rest.utf8.count))
            while cut < rest.endIndex, !rest.unicodeScalars.indices.contains(cut) { cut = rest.utf8.index(after: cut) }
            let piece = String(rest[..<cut])
            rest = rest[cut...]
            let json = try JSONSerialization.data(withJSONObject: ["text": piece])
            lines.append(String(decoding: json, as: UTF8.self))
        }
        let added = try run(["journal", "add", "--json", "--passphrase-file", passphraseFile], input: lines.joined(separator: "\n"))
        try #require(added.status == 0, "journal add --json failed: \(added.stderr)")
    }
}
