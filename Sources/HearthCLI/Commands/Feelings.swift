import ArgumentParser
import Foundation
import HearthRecordText
import HearthRecords

struct Feelings: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The built-in feeling words, grouped by how pleasant and how energetic they are.",
        discussion: "Your own words are always welcome too (`--feeling` takes any word).")

    @Flag(help: "Print a JSON object: quadrant → words.")
    var json = false

    @OptionGroup var output: OutputOptions

    func run() throws {
        if json {
            try Console.output(JSONWriter.pretty(.object(JSONObject(FeelingVocabulary.words.map {
                JSONObject.Member(key: $0.quadrant.rawValue, value: .strings($0.words))
            }))))
            return
        }
        for group in FeelingVocabulary.words {
            try Console.output(group.quadrant.label.capitalizedFirst + ":")
            try Console.output("  " + group.words.joined(separator: ", "))
        }
    }
}
