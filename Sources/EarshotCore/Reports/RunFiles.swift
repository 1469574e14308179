import Foundation

/// `rejects.csv` and `summary.json` (outputs.md): how every record of the run was accounted for.
public enum RunFiles {
    public static let version = "0.1.0"

    /// `file, line, reason, excerpt`, in reading order.
    public static func rejectsCSV(_ findings: [Finding]) -> String {
        var text = CSVText.row(["file", "line", "reason", "excerpt"])
        for finding in findings where finding.severity == .reject {
            text += CSVText.row([finding.file, String(finding.line), finding.reason, finding.excerpt])
        }
        return text
    }

    public struct Settings: Sendable {
        public var lexiconName: String
        public var lexiconSHA256: String
        public var promotional: Double
        public var relentless: Double
        public var maxRejectRate: Double

        public init(lexiconName: String, lexiconSHA256: String, promotional: Double, relentless: Double, maxRejectRate: Double) {
            self.lexiconName = lexiconName
            self.lexiconSHA256 = lexiconSHA256
            self.promotional = promotional
            self.relentless = relentless
            self.maxRejectRate = maxRejectRate
        }
    }

    public static func summaryJSON<R>(_ outcome: PipelineOutcome<R>, settings: Settings, started: Date, finished: Date) -> String {
        func counts(_ c: FileCounts) -> [(String, JSONValue)] {
            [("records", .int(c.records)), ("posts", .int(c.posts)), ("duplicates", .int(c.duplicates)),
             ("rejects", .int(c.rejects)), ("warnings", .int(c.warnings))]
        }
        let totals = outcome.totals
        let files: [JSONValue] = outcome.files.map { item in
            let org: JSONValue = organization(of: item).map(JSONValue.string) ?? .null
            return .object([("path", .string(item.file.file.displayPath)), ("format", .string(item.file.format?.rawValue ?? "unreadable")),
                            ("org", org), ("bytes", .int(item.file.bytes))] + counts(item.counts))
        }
        let skipped: [JSONValue] = outcome.skipped.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
            .map { .object([("path", .string($0.path)), ("reason", .string($0.reason))]) }
        let json: JSONValue = .object([
            ("version", .string(version)),
            ("started", .string(iso8601(started))),
            ("finished", .string(iso8601(finished))),
            ("totals", .object([("files", .int(outcome.files.count))] + counts(totals))),
            ("files", .array(files)),
            ("skipped", .array(skipped)),
            ("lexicon", .object([("name", .string(settings.lexiconName)), ("sha256", .string(settings.lexiconSHA256))])),
            ("thresholds", .object([("promotional", .double(settings.promotional)),
                                    ("relentless", .double((settings.relentless * 10000).rounded() / 10000)),
                                    ("max_reject_rate", .double(settings.maxRejectRate))])),
        ])
        return json.render() + "\n"
    }

    /// The one organization a file's records belong to; nil when they belong to several.
    public static func organization(of item: (file: ScannedFile, counts: FileCounts)) -> String? {
        if item.counts.orgs.count == 1 { return item.counts.orgs.first }
        return item.counts.orgs.isEmpty ? item.file.owner : nil
    }

    static func iso8601(_ date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let (y, m, d) = Timestamp.civilFromDays(seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400)
        let s = ((seconds % 86400) + 86400) % 86400
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(y)-\(two(Int64(m)))-\(two(Int64(d)))T\(two(s / 3600)):\(two(s / 60 % 60)):\(two(s % 60))Z"
    }
}
