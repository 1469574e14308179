import Crypto
import Foundation

/// `rejects.csv` and `summary.json` (outputs.md): how every record of the run was accounted for.
/// Both are streamed, a row or a file's entry at a time: with tens of thousands of files,
/// `summary.json` built whole (and its tree of values) was among the largest things in memory.
public enum RunFiles {
    public static let version = "0.1.0"

    /// `file, line, reason, excerpt`, in reading order.
    public static func rejectsCSV(_ findings: [Finding]) -> String {
        var text = ""
        writeRejectsCSV(findings) { text += $0 }
        return text
    }

    /// The same, a row at a time to `write`.
    public static func writeRejectsCSV(_ findings: [Finding], to write: (String) throws -> Void) rethrows {
        try write(CSVText.row(["file", "line", "reason", "excerpt"]))
        for finding in findings where finding.severity == .reject {
            try write(CSVText.row([finding.file, String(finding.line), finding.reason, finding.excerpt]))
        }
    }

    public struct Settings: Sendable {
        public var lexiconName: String
        public var lexiconSHA256: String
        /// The promotional rule's version the lexicon goes with (`v2`, `v1`).
        public var promotionalRule: String
        public var promotional: Double
        public var relentless: Double
        public var maxRejectRate: Double
        /// `--min-posts` (VerdictCaveats).
        public var minPosts: Int

        public init(lexiconName: String, lexiconSHA256: String, promotionalRule: String = Lexicon.builtin.promotionalRule.rawValue,
                    promotional: Double, relentless: Double, maxRejectRate: Double,
                    minPosts: Int = MetricThresholds.defaultMinPosts) {
            self.minPosts = minPosts
            self.lexiconName = lexiconName
            self.lexiconSHA256 = lexiconSHA256
            self.promotionalRule = promotionalRule
            self.promotional = promotional
            self.relentless = relentless
            self.maxRejectRate = maxRejectRate
        }
    }

    public static func summaryJSON<R>(_ outcome: PipelineOutcome<R>, settings: Settings, started: Date, finished: Date) -> String {
        var text = ""
        writeSummaryJSON(outcome, settings: settings, started: started, finished: finished) { text += $0 }
        return text
    }

    /// `summary.json`, a file's entry at a time to `write`: the same bytes as rendering the
    /// whole document as one `JSONValue`.
    public static func writeSummaryJSON<R>(_ outcome: PipelineOutcome<R>, settings: Settings, started: Date, finished: Date,
                                           to write: (String) throws -> Void) rethrows {
        func counts(_ c: FileCounts) -> [(String, JSONValue)] {
            [("records", .int(c.records)), ("posts", .int(c.posts)), ("duplicates", .int(c.duplicates)),
             ("rejects", .int(c.rejects)), ("warnings", .int(c.warnings))]
        }
        let fileCount = outcome.fileCount
        let sorted = outcome.skipped.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        // An archive whose posts were read is not skipped: its other entries are counted apart.
        let skipped = sorted.filter(\.isSkip)
        let remainders = sorted.compactMap { s in s.archiveEntriesNotRead.map { (path: s.path, entries: $0) } }
        let document: [(String, JSONStreamValue)] = [
            ("version", .value(.string(version))),
            ("started", .value(.string(iso8601(started)))),
            ("finished", .value(.string(iso8601(finished)))),
            ("totals", .value(.object([("files", .int(fileCount))] + counts(outcome.totals)))),
            ("files", .array(count: fileCount) { i in
                let item = outcome.file(i)
                let org: JSONValue = organization(of: item).map(JSONValue.string) ?? .null
                // Collections that hold no posts (Bluesky), only where a file has them.
                let ignored: [(String, JSONValue)] = item.counts.ignored.isEmpty ? [] : [("ignored", .object(
                    item.counts.ignored.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }.map { ($0.key, JSONValue.int($0.value)) }))]
                return .object([("path", .string(item.file.file.displayPath)), ("format", .string(item.file.format?.rawValue ?? "unreadable")),
                                ("org", org), ("bytes", .int(item.file.bytes))] + counts(item.counts) + ignored)
            }),
            ("skipped", .array(count: skipped.count) { i in
                .object([("path", .string(skipped[i].path)), ("reason", .string(skipped[i].reason))])
            }),
            ("archive_entries_not_read", .array(count: remainders.count) { i in
                .object([("path", .string(remainders[i].path)), ("entries", .int(remainders[i].entries))])
            }),
            ("lexicon", .value(.object([("name", .string(settings.lexiconName)), ("sha256", .string(settings.lexiconSHA256))]))),
            ("promotional_rule", .value(.string(settings.promotionalRule))),
            ("thresholds", .value(.object([("promotional", .double(settings.promotional)),
                                           ("relentless", .double((settings.relentless * 10000).rounded() / 10000)),
                                           ("max_reject_rate", .double(settings.maxRejectRate)),
                                           ("min_posts", .int(settings.minPosts))]))),
        ]
        try JSONStreamValue.writeObject(document, to: write)
        try write("\n")
    }

    /// Sets the `finished` time of a written summary.json in place. The summary is written while
    /// the pages are rendered; its finish time is known only once they are. The time has the
    /// same length as the one it replaces (`iso8601`, years 1000 to 9999), near the file's start.
    static func stampFinished(summaryAt path: String, _ finished: Date) throws {
        let fd = open(path, O_RDWR)
        guard fd >= 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
        defer { close(fd) }
        var head = [UInt8](repeating: 0, count: 512)
        let n = head.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        let key = Array("\"finished\": \"".utf8)
        let time = Array(iso8601(finished).utf8)
        let span = key.count + time.count + 1  // the key, the time and its closing quote
        guard n >= span, let at = (0...(n - span)).first(where: { head[$0..<($0 + key.count)].elementsEqual(key) }),
              head[at + span - 1] == UInt8(ascii: "\"") else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        let written = time.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, off_t(at + key.count)) }
        guard written == time.count else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
    }

    /// What the report's index says about one file (the fields of its `summary.json` entry).
    static func fileSummary(_ item: (file: ScannedFile, counts: FileCounts)) -> ReportFileSummary {
        ReportFileSummary(path: item.file.file.displayPath, format: item.file.format?.rawValue ?? "unreadable",
                          org: organization(of: item), records: item.counts.records, posts: item.counts.posts,
                          duplicates: item.counts.duplicates, rejects: item.counts.rejects, warnings: item.counts.warnings)
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
