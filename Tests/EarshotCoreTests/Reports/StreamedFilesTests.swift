import Crypto
import Foundation
import XCTest
@testable import EarshotCore

/// summary.json, rejects.csv, org_months.csv and the pages are written a piece at a time; the
/// bytes are what the whole-file writers gave.
final class StreamedFilesTests: XCTestCase {
    func scanned(_ path: String, _ format: ExportFormat?, bytes: Int, owner: String?) -> ScannedFile {
        ScannedFile(file: ExportFile(path: "/in/" + path, displayPath: path), format: format, bytes: bytes, owner: owner)
    }

    func counts(_ records: Int, _ posts: Int, _ duplicates: Int, _ rejects: Int, _ warnings: Int, orgs: Set<String>) -> FileCounts {
        var c = FileCounts()
        (c.records, c.posts, c.duplicates, c.rejects, c.warnings, c.orgs) = (records, posts, duplicates, rejects, warnings, orgs)
        return c
    }

    let settings = RunFiles.Settings(lexiconName: "builtin-v1", lexiconSHA256: "abc", promotional: 0.2, relentless: 1.0 / 3,
                                     maxRejectRate: 0.05)

    func testSummaryJSONIsWrittenAsTheLayoutSays() {
        var outcome = PipelineOutcome<Int>(files: [], skipped: [SkippedFile(path: "z/notes.txt", reason: "not an export"),
                                                               SkippedFile(path: "a/\"odd\".bin", reason: "binary")],
                                           findings: [], organizations: [])
        outcome.files = [
            (file: scanned("acme/tweets.csv", .legacyArchive, bytes: 1200, owner: "acme"), counts: counts(5, 3, 1, 1, 0, orgs: ["acme"])),
            (file: scanned("coll/c.jsonl", .twarc2, bytes: 300, owner: nil), counts: counts(4, 4, 0, 0, 2, orgs: ["acme", "beta"])),
            (file: scanned("beta/empty.csv", .analytics, bytes: 10, owner: "beta"), counts: counts(0, 0, 0, 0, 0, orgs: [])),
        ]
        let started = Date(timeIntervalSince1970: 1_700_000_000)
        let text = RunFiles.summaryJSON(outcome, settings: settings, started: started, finished: started.addingTimeInterval(61))
        let expected = """
        {
          "version": "\(RunFiles.version)",
          "started": "2023-11-14T22:13:20Z",
          "finished": "2023-11-14T22:14:21Z",
          "totals": {
            "files": 3,
            "records": 9,
            "posts": 7,
            "duplicates": 1,
            "rejects": 1,
            "warnings": 2
          },
          "files": [
            {
              "path": "acme/tweets.csv",
              "format": "legacy-archive",
              "org": "acme",
              "bytes": 1200,
              "records": 5,
              "posts": 3,
              "duplicates": 1,
              "rejects": 1,
              "warnings": 0
            },
            {
              "path": "coll/c.jsonl",
              "format": "twarc2",
              "org": null,
              "bytes": 300,
              "records": 4,
              "posts": 4,
              "duplicates": 0,
              "rejects": 0,
              "warnings": 2
            },
            {
              "path": "beta/empty.csv",
              "format": "analytics",
              "org": "beta",
              "bytes": 10,
              "records": 0,
              "posts": 0,
              "duplicates": 0,
              "rejects": 0,
              "warnings": 0
            }
          ],
          "skipped": [
            {
              "path": "a/\\"odd\\".bin",
              "reason": "binary"
            },
            {
              "path": "z/notes.txt",
              "reason": "not an export"
            }
          ],
          "archive_entries_not_read": [],
          "lexicon": {
            "name": "builtin-v1",
            "sha256": "abc"
          },
          "promotional_rule": "v2",
          "thresholds": {
            "promotional": 0.2,
            "relentless": 0.3333,
            "max_reject_rate": 0.05,
            "min_posts": 30
          }
        }

        """
        XCTAssertEqual(text, expected)
        // Written in pieces, none of them the whole list of files.
        var pieces: [String] = []
        RunFiles.writeSummaryJSON(outcome, settings: settings, started: started, finished: started.addingTimeInterval(61)) {
            pieces.append($0)
        }
        XCTAssertEqual(pieces.joined(), expected)
        XCTAssertGreaterThan(pieces.count, 6)
        XCTAssertFalse(pieces.contains { $0.contains("acme/tweets.csv") && $0.contains("coll/c.jsonl") })
    }

    /// summary.json is written while the pages render; its finish time is set in place after.
    func testTheFinishTimeIsStampedInPlace() throws {
        let outcome = PipelineOutcome<Int>(files: [], skipped: [], findings: [], organizations: [])
        let started = Date(timeIntervalSince1970: 1_700_000_000)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("earshot-stamp-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let early = RunFiles.summaryJSON(outcome, settings: settings, started: started, finished: started)
        try Data(early.utf8).write(to: URL(fileURLWithPath: path))
        let finished = started.addingTimeInterval(3_725)
        try RunFiles.stampFinished(summaryAt: path, finished)
        let stamped = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertEqual(stamped, RunFiles.summaryJSON(outcome, settings: settings, started: started, finished: finished))
        XCTAssertTrue(stamped.contains("\"finished\": \"2023-11-14T23:15:25Z\""), stamped)
        // A file without the key is an error, not a silent no-op.
        try Data("{\"started\": \"x\"}".utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try RunFiles.stampFinished(summaryAt: path, finished))
    }

    func testEmptyListsAreWrittenAsTheTreeWriterWroteThem() {
        let outcome = PipelineOutcome<Int>(files: [], skipped: [], findings: [], organizations: [])
        let started = Date(timeIntervalSince1970: 0)
        let text = RunFiles.summaryJSON(outcome, settings: settings, started: started, finished: started)
        XCTAssertTrue(text.contains("\n  \"files\": [],\n  \"skipped\": [],\n  \"archive_entries_not_read\": [],\n  \"lexicon\": {\n"), text)
        XCTAssertTrue(text.hasSuffix("\n  }\n}\n"))
    }

    func testRejectsCSVHasOnlyRejectsInTheirOrder() {
        let findings = [
            Finding.reject(file: "a.csv", line: 3, reason: "wrong column count", excerpt: "x,\"y\""),
            Finding.warning(file: "a.csv", line: 4, reason: "not a count"),
            Finding.reject(file: "b.csv", line: 0, reason: "unreadable"),
        ]
        var rows: [String] = []
        RunFiles.writeRejectsCSV(findings) { rows.append($0) }
        XCTAssertEqual(rows, ["file,line,reason,excerpt\n", "a.csv,3,wrong column count,\"x,\"\"y\"\"\"\n", "b.csv,0,unreadable,\n"])
        XCTAssertEqual(RunFiles.rejectsCSV(findings), rows.joined())
    }

    func testOrgMonthsStreamedEqualsTheWholeTable() throws {
        let run = HTMLFixtures.run()
        var pieces: [String] = []
        try MetricsFiles.writeOrgMonths(run.organizations.reversed()) { pieces.append($0) }
        XCTAssertEqual(pieces.joined(), MetricsCSV.orgMonths(run.organizations))
        XCTAssertEqual(pieces.count, run.organizations.count + 1, "the header, then one piece per organization")
        XCTAssertGreaterThan(pieces.joined().split(separator: "\n").count, 50)
    }

    /// `HTMLReport.write` puts into the output folder exactly the pages `render` returns.
    func testWrittenPagesAreTheRenderedOnes() throws {
        let run = HTMLFixtures.run()
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("earshot-pages-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let output = try OutputFolder(path: out)
        try HTMLReport.write(to: output, overview: run.overview, organizations: run.organizations, sectors: run.sectors,
                             registry: run.registry, threads: 3)
        try output.commit()
        let pages = try HTMLReport.render(overview: run.overview, organizations: run.organizations, sectors: run.sectors,
                                          registry: run.registry, threads: 1)
        XCTAssertEqual(pages.count, run.organizations.count + 1)
        for page in pages {
            let written = try String(contentsOfFile: out + "/" + page.path, encoding: .utf8)
            XCTAssertEqual(written, page.html, page.path)
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out + "/orgs").count, run.organizations.count)
    }

    /// After a failure no page is started, and the error thrown is the first failing page's,
    /// whatever the timing.
    func testTheFirstFailingPageStopsTheWorkers() {
        struct Failed: Error, Equatable { var page: Int }
        for threads in [1, 2, 4] {
            let started = LockedCount()
            XCTAssertThrowsError(try HTMLReport.forEachPage(count: 1000, threads: threads) { i in
                started.add()
                if i >= 7 { throw Failed(page: i) }
            }) { error in
                XCTAssertEqual(error as? Failed, Failed(page: 7), "threads \(threads)")
            }
            XCTAssertLessThanOrEqual(started.value, 7 + threads, "threads \(threads)")
        }
    }

    /// Pages are written by several workers into the same folders at once.
    func testTheOutputFolderTakesWritesFromSeveralThreads() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("earshot-threads-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try "mine".write(toFile: out + "/README.txt", atomically: true, encoding: .utf8)
        // A previous report (its marker) with the user's README beside it.
        try "".write(toFile: out + "/" + OutputFolder.markerName, atomically: true, encoding: .utf8)
        let output = try OutputFolder(path: out)
        let failures = LockedCount()
        DispatchQueue.concurrentPerform(iterations: 200) { i in
            do { try output.write("orgs/sub\(i % 7)/page\(i).html", "page \(i)") } catch { failures.add() }
        }
        XCTAssertEqual(failures.value, 0)
        try output.commit()
        for i in [0, 99, 199] {
            XCTAssertEqual(try String(contentsOfFile: out + "/orgs/sub\(i % 7)/page\(i).html", encoding: .utf8), "page \(i)")
        }
        XCTAssertEqual(try String(contentsOfFile: out + "/README.txt", encoding: .utf8), "mine", "the user's file is kept")
    }
}

final class LockedCount: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
