import Logging

/// `--quiet` in text: instead of a line per skipped file, finding and unregistered
/// organization, one summary by reason: the count and the first file:line of each (issue 14:
/// cron mails of 181 lines that nobody reads). The JSON log keeps a line for each.
enum FindingSummary {
    /// How many reasons are listed before "… more".
    static let reasonLimit = 8

    /// The reason without its particulars: `wrong column count: expected 10, got 5` counts as
    /// `wrong column count`.
    static func key(_ reason: String) -> String {
        reason.range(of: ": ").map { String(reason[..<$0.lowerBound]) } ?? reason
    }

    /// The summary's lines (empty when there is nothing to say).
    static func lines(skipped: [SkippedFile], findings: [Finding], unregistered: [String], rejectsFile: String?) -> [String] {
        var out: [String] = []
        let skips = skipped.filter(\.isSkip)
        if let first = skips.first {
            out.append("\(skips.count) file\(skips.count == 1 ? "" : "s") skipped (first \(first.path): \(first.reason))")
        }
        if !findings.isEmpty {
            struct Group { var key: String; var rejects = 0; var warnings = 0; var first: Finding }
            var groups: [Group] = []
            var index: [String: Int] = [:]
            for finding in findings {
                let k = key(finding.reason)
                if index[k] == nil {
                    index[k] = groups.count
                    groups.append(Group(key: k, first: finding))
                }
                if finding.severity == .reject { groups[index[k]!].rejects += 1 } else { groups[index[k]!].warnings += 1 }
            }
            let rejects = groups.reduce(0) { $0 + $1.rejects }, warnings = groups.reduce(0) { $0 + $1.warnings }
            var head = "\(rejects) reject\(rejects == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
            if rejects > 0, let rejectsFile { head += " (all rejects in \(rejectsFile))" }
            out.append(head + ", by reason:")
            let ranked = groups.sorted { ($0.rejects + $0.warnings) > ($1.rejects + $1.warnings) }
            for group in ranked.prefix(reasonLimit) {
                let place = group.first.line > 0 ? "\(group.first.file):\(group.first.line)" : group.first.file
                let counts = [group.rejects > 0 ? "\(group.rejects) reject\(group.rejects == 1 ? "" : "s")" : nil,
                              group.warnings > 0 ? "\(group.warnings) warning\(group.warnings == 1 ? "" : "s")" : nil]
                    .compactMap { $0 }.joined(separator: ", ")
                out.append("  \(group.key): \(counts) (first \(place))")
            }
            if ranked.count > reasonLimit { out.append("  … \(ranked.count - reasonLimit) more reasons") }
        }
        if !unregistered.isEmpty {
            let shown = unregistered.prefix(5).map { "@" + $0 }.joined(separator: ", ")
            out.append("\(unregistered.count) organization\(unregistered.count == 1 ? "" : "s") not in the registry, reported with sector `unregistered`: \(shown)\(unregistered.count > 5 ? ", …" : "")")
        }
        return out
    }
}
