import Foundation
import XCTest

/// Principles 1 and 3 through the binary: bad input never crashes the run nor stops the other
/// files; each problem is a reject or a warning that names the file and the line, or a skipped
/// file; and summary.json still adds up (records = posts + duplicates + rejects).
final class BadInputTests: XCTestCase {
    static let layoutB = "tweet_id,in_reply_to_status_id,in_reply_to_user_id,timestamp,source,text,retweeted_status_id,"
        + "retweeted_status_user_id,retweeted_status_timestamp,expanded_urls"

    /// A layout B archive with `count` good rows, one per line (line n + 1 holds row n).
    static func archive(count: Int, idBase: Int = 650000000000000000) -> String {
        var lines = [layoutB]
        for i in 0..<count {
            lines.append("\(idBase + i),,,2015-07-\(String(format: "%02d", i % 28 + 1)) 10:00:00 +0000,web,"
                + "\"Post \(i), with some filler so that the file is long enough \(i * 7919)\",,,,")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A work folder with a registry (`acme`) and one good archive, so that every run has a
    /// healthy file beside the bad one: the bad one must not stop it.
    func workdir(_ name: String = #function) throws -> Workdir {
        let dir = try Workdir(name)
        try dir.write("organizations.csv", "handle,name,sector\nacme,Acme,commercial\n")
        try dir.write("exports/acme/good.csv", Self.archive(count: 40, idBase: 610000000000000000))
        return dir
    }

    struct Report {
        var run: RunResult
        var summary: Summary
        var rejects: [[String: String]]
    }

    /// Runs the report (tolerant threshold: the point is the findings, not the exit code),
    /// checks that nothing crashed and that the summary adds up.
    func report(_ dir: Workdir, _ extra: [String] = [], file: StaticString = #filePath, line: UInt = #line) throws -> Report {
        let run = try dir.run(["report", "exports", "--registry", "organizations.csv", "--out", "out",
                               "--max-reject-rate", "1"] + extra, file: file, line: line)
        XCTAssertFalse(run.crashed, "crashed: \(run.stderr)", file: file, line: line)
        XCTAssertEqual(run.status, 0, run.stderr, file: file, line: line)
        let summary = try Summary(try dir.read("out/summary.json"), file: file, line: line)
        summary.checkRecordsAddUp(file: file, line: line)
        let good = summary.file("acme/good.csv")
        XCTAssertEqual(good.flatMap { Summary.int($0, "posts") }, 40, "the healthy file is read in full", file: file, line: line)
        return Report(run: run, summary: summary, rejects: SimpleCSV.records(try dir.readText("out/rejects.csv")))
    }

    func testTruncatedGzipKeepsTheRecordsBeforeTheCutAndRejectsTheRest() throws {
        let dir = try workdir()
        let whole = try gzip(Data(Self.archive(count: 300).utf8))
        let cut = whole.prefix(whole.count / 2)
        try dir.write("exports/acme/cut.csv.gz", data: Data(cut))
        // What survives the cut, by the system's gzip: complete lines after the header.
        let completeLines = try gunzipPrefix(Data(cut)).filter { $0 == UInt8(ascii: "\n") }.count
        XCTAssertGreaterThan(completeLines, 10)

        let report = try self.report(dir)
        let entry = try XCTUnwrap(report.summary.file("acme/cut.csv.gz"), "the file is in summary.json")
        XCTAssertEqual(Summary.int(entry, "posts"), completeLines - 1, "every complete record before the cut is a post")
        XCTAssertGreaterThanOrEqual(Summary.int(entry, "rejects") ?? 0, 1, "the rest is a reject, not silence")
        let reject = try XCTUnwrap(report.rejects.first { $0["file"] == "acme/cut.csv.gz" }, "rejects.csv names the file")
        XCTAssertGreaterThan(Int(reject["line"] ?? "") ?? 0, 0, "and a line")
        XCTAssertTrue(report.run.stderr.contains("acme/cut.csv.gz:"), report.run.stderr)
    }

    /// The records up to line `completeLines` were read: the unreadable part starts on the
    /// next line, and that is the line a person should look at.
    func testTruncatedGzipRejectNamesTheLineWhereTheCutRecordStarts() throws {
        let dir = try workdir()
        let whole = try gzip(Data(Self.archive(count: 300).utf8))
        let cut = Data(whole.prefix(whole.count / 2))
        try dir.write("exports/acme/cut.csv.gz", data: cut)
        let completeLines = try gunzipPrefix(cut).filter { $0 == UInt8(ascii: "\n") }.count
        let report = try self.report(dir)
        let reject = try XCTUnwrap(report.rejects.first { $0["file"] == "acme/cut.csv.gz" })
        XCTAssertEqual(reject["line"], String(completeLines + 1))
    }

    /// rejects.csv is one of the CSV files principle 4 promises byte-identical: the same inputs
    /// in another folder must give the same bytes, so no absolute path may leak into it.
    func testRejectsDoNotDependOnWhereTheInputFolderIs() throws {
        let dir = try workdir()
        let whole = try gzip(Data(Self.archive(count: 300).utf8))
        try dir.write("exports/acme/cut.csv.gz", data: Data(whole.prefix(whole.count / 2)))
        try dir.write("exports/acme/bad-time.csv", Self.layoutB + "\n620000000000000001,,,soon,web,x,,,,\n")
        for file in ["acme/good.csv", "acme/cut.csv.gz", "acme/bad-time.csv"] {
            try dir.write("elsewhere/exports/" + file, data: try dir.read("exports/" + file))
        }
        let a = try dir.run(["report", "exports", "--registry", "organizations.csv", "--out", "a", "--max-reject-rate", "1"])
        let b = try dir.run(["report", "elsewhere/exports", "--registry", "organizations.csv", "--out", "b", "--max-reject-rate", "1"])
        XCTAssertEqual(a.status, 0, a.stderr)
        XCTAssertEqual(b.status, 0, b.stderr)
        let (x, y) = (try dir.read("a/rejects.csv"), try dir.read("b/rejects.csv"))
        assertSameBytes(y, x, "rejects.csv")
        for table in GoldenReportTests.tables { XCTAssertEqual(try dir.read("a/" + table), try dir.read("b/" + table), table) }
    }

    func testEmptyFileAndUnknownFormatsAreSkippedWithAWarning() throws {
        let dir = try workdir()
        try dir.write("exports/acme/empty.csv", "")
        try dir.write("exports/acme/notes.txt", "Meeting notes\nBring the banner. Call Sam about the venue.\n")
        var noise = GeneratedCorpus.Generator(state: 7)
        try dir.write("exports/acme/noise.csv", data: Data((0..<3000).map { _ in UInt8(noise.next(256)) }))
        try dir.write("exports/acme/noise.csv.gz", data: try gzip(Data("just some words, no header we know\n".utf8)))
        let report = try self.report(dir)
        let skipped = report.summary.skipped.compactMap { $0["path"] as? String }
        for path in ["acme/empty.csv", "acme/notes.txt", "acme/noise.csv", "acme/noise.csv.gz"] {
            XCTAssertTrue(skipped.contains(path), "\(path) is listed under skipped: \(skipped)")
            XCTAssertNil(report.summary.file(path), "\(path) is not read as an export")
            XCTAssertTrue(report.run.stderr.contains(path), "a warning names \(path):\n\(report.run.stderr)")
        }
        for entry in report.summary.skipped {
            XCTAssertFalse((entry["reason"] as? String ?? "").isEmpty, "a skipped file says why")
        }
        XCTAssertEqual(report.summary.totals["records"], 40, "skipped files are not records")
    }

    func testInvalidUTF8IsReplacedAndCountedAsAWarningNotARejection() throws {
        let dir = try workdir()
        var bytes = Data((Self.layoutB + "\n").utf8)
        bytes += Data("630000000000000001,,,2015-08-01 10:00:00 +0000,web,Caf".utf8)
        bytes += Data([0xE9, 0x20, 0xFF, 0xFE]) // Latin-1 é, then bytes that are never UTF-8
        bytes += Data(" opening today,,,,\n630000000000000002,,,2015-08-02 10:00:00 +0000,web,fine,,,,\n".utf8)
        try dir.write("exports/acme/latin1.csv", data: bytes)
        let report = try self.report(dir, ["--posts"])
        let entry = try XCTUnwrap(report.summary.file("acme/latin1.csv"))
        XCTAssertEqual(Summary.int(entry, "posts"), 2, "not rejected")
        XCTAssertEqual(Summary.int(entry, "rejects"), 0)
        XCTAssertGreaterThanOrEqual(Summary.int(entry, "warnings") ?? 0, 1, "a warning for that file")
        XCTAssertTrue(report.run.stderr.contains("acme/latin1.csv:2"), "the warning names file and line:\n\(report.run.stderr)")
        let posts = SimpleCSV.records(String(decoding: try gunzip(try dir.read("out/posts.csv.gz")), as: UTF8.self))
        let text = try XCTUnwrap(posts.first { $0["id"] == "630000000000000001" }?["text"])
        XCTAssertTrue(text.hasPrefix("Caf\u{FFFD}"), text)
        XCTAssertTrue(text.hasSuffix(" opening today"), text)
    }

    func testBadTimestampIsARejectNamingFileAndLine() throws {
        let dir = try workdir()
        try dir.write("exports/acme/times.csv", Self.layoutB + """

            640000000000000001,,,2015-08-01 10:00:00 +0000,web,fine,,,,
            640000000000000002,,,2015-02-30 10:00:00 +0000,web,no such day,,,,
            640000000000000003,,,next Tuesday,web,words,,,,
            640000000000000004,,,,web,empty time,,,,
            640000000000000005,,,2015-08-05 10:00:00 +0000,web,fine too,,,,

            """)
        let report = try self.report(dir)
        let rejects = report.rejects.filter { $0["file"] == "acme/times.csv" }
        XCTAssertEqual(rejects.map { $0["line"] ?? "" }, ["3", "4", "5"])
        XCTAssertTrue(rejects.allSatisfy { $0["reason"] == "bad timestamp" }, "\(rejects)")
        XCTAssertTrue(rejects[1]["excerpt"]?.contains("next Tuesday") ?? false, "the excerpt is the raw record")
        let entry = try XCTUnwrap(report.summary.file("acme/times.csv"))
        XCTAssertEqual(Summary.int(entry, "records"), 5)
        XCTAssertEqual(Summary.int(entry, "posts"), 2)
        for line in [3, 4, 5] { XCTAssertTrue(report.run.stderr.contains("acme/times.csv:\(line)"), report.run.stderr) }
    }

    func testWrongColumnCountInLayoutBIsARejectNamingTheLine() throws {
        let dir = try workdir()
        try dir.write("exports/acme/columns.csv", Self.layoutB + """

            641000000000000001,,,2015-08-01 10:00:00 +0000,web,fine,,,,
            641000000000000002,,,2015-08-02 10:00:00 +0000,web,four fields short
            641000000000000003,,
            641000000000000004,,,2015-08-04 10:00:00 +0000,web,fine,,,,

            """)
        let report = try self.report(dir)
        let entry = try XCTUnwrap(report.summary.file("acme/columns.csv"))
        XCTAssertEqual(Summary.int(entry, "records"), 4)
        XCTAssertEqual(Summary.int(entry, "posts"), 2)
        XCTAssertEqual(Summary.int(entry, "rejects"), 2)
        let lines = report.rejects.filter { $0["file"] == "acme/columns.csv" }.map { $0["line"] ?? "" }
        XCTAssertEqual(lines, ["3", "4"])
        XCTAssertTrue(report.run.stderr.contains("acme/columns.csv:3"), report.run.stderr)
    }

    func testFileWithoutAnyHandleIsRejectedWholeAsOneRecord() throws {
        let dir = try workdir()
        try dir.write("exports/misc/tweets.csv", Self.archive(count: 3))
        let report = try self.report(dir)
        let entry = try XCTUnwrap(report.summary.file("misc/tweets.csv"))
        XCTAssertEqual(Summary.int(entry, "records"), 1, "a file rejected whole counts as one record")
        XCTAssertEqual(Summary.int(entry, "rejects"), 1)
        let reject = try XCTUnwrap(report.rejects.first { $0["file"] == "misc/tweets.csv" })
        XCTAssertEqual(reject["line"], "0")
        XCTAssertEqual(reject["reason"], "unknown organization")
    }

    func testBadCountersAreUnknownWithAWarningAndTheRowIsKept() throws {
        let dir = try workdir()
        try dir.write("exports/tweet_activity_metrics_acme_20150801_20150831_en.csv", """
            "Tweet id","Tweet permalink","Tweet text","time","impressions","engagements","retweets","replies","likes"\r
            "642000000000000001","https://twitter.com/acme/status/642000000000000001","hello","2015-08-01 10:00 +0000","lots","5.0","99999999999999999999999","100+","1,234"\r
            "642000000000000002","https://twitter.com/acme/status/642000000000000002","again","2015-08-02 10:00 +0000","-","","","2","18.0"\r

            """)
        let report = try self.report(dir, ["--posts"])
        let entry = try XCTUnwrap(report.summary.file("tweet_activity_metrics_acme_20150801_20150831_en.csv"))
        XCTAssertEqual(Summary.int(entry, "posts"), 2, "counter problems never reject a row")
        XCTAssertGreaterThanOrEqual(Summary.int(entry, "warnings") ?? 0, 1)
        XCTAssertTrue(report.run.stderr.contains("tweet_activity_metrics_acme_20150801_20150831_en.csv:2"), report.run.stderr)
        let posts = SimpleCSV.records(String(decoding: try gunzip(try dir.read("out/posts.csv.gz")), as: UTF8.self))
        let first = try XCTUnwrap(posts.first { $0["id"] == "642000000000000001" })
        XCTAssertEqual(first["impressions"], "", "`lots` is unknown, not zero")
        XCTAssertEqual(first["replies"], "100", "`100+` is a lower bound")
        XCTAssertEqual(first["likes"], "1234")
        XCTAssertEqual(first["engagements"], "5")
        let second = try XCTUnwrap(posts.first { $0["id"] == "642000000000000002" })
        XCTAssertEqual(second["impressions"], "", "`-` is unknown")
        XCTAssertEqual(second["likes"], "18")
    }

    func testMultiMemberGzipWithBOMAndCRLFIsReadToTheEndAndAnUnterminatedQuoteIsRejected() throws {
        let dir = try workdir()
        let first = try gzip(Data(("\u{FEFF}" + Self.layoutB + "\r\n643000000000000001,,,2015-09-01 10:00:00 +0000,web,one,,,,\r\n").utf8))
        let second = try gzip(Data(("643000000000000002,,,2015-09-02 10:00:00 +0000,web,two,,,,\r\n"
            + "643000000000000003,,,2015-09-03 10:00:00 +0000,web,\"never closed\r\n").utf8))
        try dir.write("exports/acme/members.csv.gz", data: first + second)
        let report = try self.report(dir)
        let entry = try XCTUnwrap(report.summary.file("acme/members.csv.gz"))
        XCTAssertEqual(Summary.int(entry, "posts"), 2, "the second gzip member is read too")
        XCTAssertEqual(Summary.int(entry, "rejects"), 1)
        XCTAssertEqual(report.rejects.first { $0["file"] == "acme/members.csv.gz" }?["line"], "4")
    }

    /// Everything at once, in one run: the promises hold for each file and in total.
    func testAllBadInputsTogetherStillAddUp() throws {
        let dir = try workdir()
        let whole = try gzip(Data(Self.archive(count: 200).utf8))
        try dir.write("exports/acme/cut.csv.gz", data: Data(whole.prefix(whole.count / 3)))
        try dir.write("exports/acme/tiny.csv.gz", data: Data(whole.prefix(12)))
        try dir.write("exports/acme/empty.csv", "")
        try dir.write("exports/acme/notes.txt", "nothing to see\n")
        try dir.write("exports/acme/times.csv", Self.layoutB + "\n644000000000000001,,,whenever,web,x,,,,\n")
        try dir.write("exports/acme/short.csv", Self.layoutB + "\n644000000000000002,,\n")
        try dir.write("exports/misc/tweets.csv", Self.archive(count: 2))
        var bytes = Data((Self.layoutB + "\n644000000000000003,,,2015-08-01 10:00:00 +0000,web,a").utf8)
        bytes += Data([0xC3, 0x28])
        bytes += Data(",,,,\n".utf8)
        try dir.write("exports/acme/utf8.csv", data: bytes)
        for threads in ["1", "2"] {
            let report = try self.report(dir, ["--threads", threads])
            let total = report.summary.totals
            XCTAssertEqual(total["rejects"], report.rejects.count, "every reject is a row of rejects.csv")
            let skipped = report.summary.skipped.compactMap { $0["path"] as? String }
            XCTAssertTrue(skipped.contains("acme/empty.csv") && skipped.contains("acme/notes.txt"), "\(skipped)")
            let listed = Set(report.summary.files.compactMap { $0["path"] as? String } + skipped)
            for path in dir.listing("exports") where !FileManager.default.isDirectory(dir.path("exports/" + path)) {
                XCTAssertTrue(listed.contains(path), "\(path) is accounted for in summary.json")
            }
        }
    }
}
