import ArgumentParser
import Foundation

/// The words where a subcommand is expected: `report` is the default command, so an unknown
/// word (`earshot reprot`) would otherwise be read as an input path.
enum CommandWords {
    static let commands = ["report", "merge", "doctor", "inspect", "sample", "help"]

    /// Inputs are required (no default folder relative to the current one), and a first input
    /// that is no file but a word close to a command is a mistyped command.
    static func checkInputs(_ inputs: [String], command: String) throws {
        guard let first = inputs.first else {
            throw ValidationError("""
                give the exports to read, for example:
                  earshot \(command) ~/Downloads/twitter-archive.zip --out my-report
                  earshot \(command) --registry organizations.csv exports/ --out Reports
                (files, folders or .zip archives; `earshot \(command) --help` lists the options)
                """)
        }
        if let suggestion = suggestion(for: first) {
            throw ValidationError("`\(first)` is neither a file nor a command: did you mean `earshot \(suggestion)`?")
        }
    }

    /// The closest command to `word` when `word` is not a path that exists and looks like a
    /// command typed wrong (no `/` or `.`, at most two edits away); nil otherwise.
    static func suggestion(for word: String) -> String? {
        guard !word.contains("/"), !word.contains("."), !FileManager.default.fileExists(atPath: word) else { return nil }
        let lower = word.lowercased()
        let ranked = commands.map { ($0, distance(lower, $0)) }.min { $0.1 < $1.1 }
        guard let (command, edits) = ranked, edits <= 2, edits < command.count else { return nil }
        return command
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and swaps of
    /// two neighbours (`reprot` is one swap from `report`).
    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var d = Array(repeating: Array(repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in 0...x.count { d[i][0] = i }
        for j in 0...y.count { d[0][j] = j }
        for i in 1...x.count {
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[x.count][y.count]
    }
}
