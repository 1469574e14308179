import XCTest
@testable import EarshotCore

/// A plain run's files packed (`FileLedger`, `PackedCounts`) must give back what the lists held.
final class FileLedgerTests: XCTestCase {
    private func counts(_ records: Int, _ posts: Int, _ duplicates: Int, _ rejects: Int, _ warnings: Int,
                        orgs: Set<String> = [], ignored: [String: Int] = [:]) -> FileCounts {
        var c = FileCounts()
        c.records = records
        c.posts = posts
        c.duplicates = duplicates
        c.rejects = rejects
        c.warnings = warnings
        c.orgs = orgs
        c.ignored = ignored
        return c
    }

    private let files = [
        ScannedFile(file: ExportFile(path: "/data/exports/acme/tweets.csv", displayPath: "acme/tweets.csv"),
                    format: .legacyArchive, bytes: 120, owner: "acme"),
        ScannedFile(file: ExportFile(path: "/data/exports/collections/twarc2.csv.gz", displayPath: "collections/twarc2.csv.gz"),
                    format: .twarc2, bytes: 5_000, owner: nil),
        ScannedFile(file: ExportFile(path: "/data/exports/été/broken.csv.gz", displayPath: "été/broken.csv.gz"),
                    format: nil, unreadable: "not gzip", bytes: 3, owner: nil),
    ]

    func testFilesComeBackAsTheSummaryReadsThem() {
        let ledger = FileLedger(files: files)
        XCTAssertEqual(ledger.count, 3)
        for (i, file) in files.enumerated() {
            let back = ledger.scannedFile(i)
            XCTAssertEqual(back.file.displayPath, file.file.displayPath)
            XCTAssertEqual(back.file.path, file.file.displayPath, "packed files carry their display path only")
            XCTAssertEqual(back.format, file.format)
            XCTAssertEqual(back.unreadable, file.unreadable)
            XCTAssertEqual(back.bytes, file.bytes)
            XCTAssertEqual(back.owner, file.owner)
            XCTAssertEqual(ledger.counts(i), FileCounts())
        }
    }

    func testCountsAddUpAsFileCountsDo() {
        var ledger = FileLedger(files: files)
        var lists = Array(repeating: FileCounts(), count: 3)
        let additions: [(Int, FileCounts)] = [
            (0, counts(10, 8, 1, 1, 2, orgs: ["acme"])),
            (0, counts(3, 0, 0, 3, 0)),                                   // rejects only: no organization
            (1, counts(7, 5, 2, 0, 0, orgs: ["acme"])),                   // a collection: acme's share
            (1, counts(4, 4, 0, 0, 1, orgs: ["zed"])),                    // then zed's: two organizations
            (2, counts(1, 0, 0, 1, 0)),
            (2, counts(0, 0, 0, 0, 0, ignored: ["app.bsky.feed.like": 3])),
        ]
        for (i, c) in additions {
            ledger.add(c, toFile: i)
            lists[i].add(c)
        }
        // By hand: file 0 = 13 records, 8 posts, 1 duplicate, 4 rejects, 2 warnings, {acme}.
        XCTAssertEqual(ledger.counts(0), counts(13, 8, 1, 4, 2, orgs: ["acme"]))
        XCTAssertEqual(ledger.counts(1), counts(11, 9, 2, 0, 1, orgs: ["acme", "zed"]))
        XCTAssertEqual(ledger.counts(2), counts(1, 0, 0, 1, 0, ignored: ["app.bsky.feed.like": 3]))
        for i in 0..<3 { XCTAssertEqual(ledger.counts(i), lists[i]) }
        XCTAssertEqual(ledger.totals, counts(25, 17, 3, 5, 3, orgs: ["acme", "zed"], ignored: ["app.bsky.feed.like": 3]))
        XCTAssertEqual(ledger.totals, lists.reduce(into: FileCounts()) { $0.add($1) })
    }

    func testCountsAbove32BitsAreKeptWhole() {
        var ledger = FileLedger(files: files)
        let big = Int(Int32.max)
        ledger.add(counts(big, big, 0, 0, 0, orgs: ["acme"]), toFile: 0)
        ledger.add(counts(2, 2, 0, 0, 0, orgs: ["acme"]), toFile: 0)
        XCTAssertEqual(ledger.counts(0), counts(big + 2, big + 2, 0, 0, 0, orgs: ["acme"]))
    }

    func testPackedCountsGiveBackEveryFile() {
        let original: [Int: FileCounts] = [
            4: counts(20, 18, 2, 0, 1, orgs: ["acme"]),
            9: counts(1, 0, 0, 1, 0),
            12: counts(5, 5, 0, 0, 0, orgs: ["acme", "zed"]),
            30: counts(2, 2, 0, 0, 0, orgs: ["acme"], ignored: ["app.bsky.graph.follow": 1]),
        ]
        var back: [Int: FileCounts] = [:]
        PackedCounts(original).forEach { file, c in
            XCTAssertNil(back[file], "each file once")
            back[file] = c
        }
        XCTAssertEqual(back, original)
    }

    func testOutcomeReadsThePackedFilesLikeTheLists() {
        var ledger = FileLedger(files: files)
        ledger.add(counts(10, 8, 1, 1, 2, orgs: ["acme"]), toFile: 0)
        ledger.add(counts(1, 0, 0, 1, 0), toFile: 2)
        let packed = PipelineOutcome<Int>(ledger: ledger, skipped: [], findings: [], organizations: [], foreignRecords: [])
        XCTAssertTrue(packed.filesArePacked)
        XCTAssertEqual(packed.fileCount, 3)
        XCTAssertEqual(packed.file(0).counts, counts(10, 8, 1, 1, 2, orgs: ["acme"]))
        XCTAssertEqual(packed.file(2).file.unreadable, "not gzip")
        XCTAssertEqual(packed.totals, counts(11, 8, 1, 2, 2, orgs: ["acme"]))
        XCTAssertEqual(packed.fileCounts.count, 3)
        XCTAssertEqual(packed.scannedFiles.map(\.file.displayPath), files.map(\.file.displayPath))
    }
}
