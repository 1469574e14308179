import Foundation
import XCTest

/// Exit codes for schedulers (outputs.md) and the promise that a failed run replaces nothing.
final class ExitCodeTests: XCTestCase {
    static let registry = """
        handle,name,sector
        acme,Acme,commercial
        civic,Civic Hall,public

        """

    /// A layout B archive for `acme` with `good` readable rows and `bad` rows whose timestamp
    /// cannot be read (every third row from the top until they are used up).
    static func archive(good: Int, bad: Int) -> String {
        var lines = ["tweet_id,in_reply_to_status_id,in_reply_to_user_id,timestamp,source,text,retweeted_status_id,"
            + "retweeted_status_user_id,retweeted_status_timestamp,expanded_urls"]
        var badLeft = bad
        for i in 0..<(good + bad) {
            let id = 640000000000000000 + i
            let day = String(format: "%02d", i % 28 + 1)
            let isBad = badLeft > 0 && (i % 3 == 0 || good + bad - i <= badLeft)
            if isBad { badLeft -= 1 }
            let time = isBad ? "yesterday-ish" : "2015-06-\(day) 10:00:00 +0000"
            lines.append("\(id),,,\(time),web,Post number \(i),,,,")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func workdir(good: Int = 5, bad: Int = 0, _ name: String = #function) throws -> Workdir {
        let dir = try Workdir(name)
        try dir.write("organizations.csv", Self.registry)
        try dir.write("exports/acme/tweets.csv", Self.archive(good: good, bad: bad))
        return dir
    }

    func report(_ dir: Workdir, registry: String = "organizations.csv", inputs: [String] = ["exports"],
                out: String = "out", _ extra: [String] = []) throws -> RunResult {
        try dir.run(["report"] + inputs + ["--registry", registry, "--out", out] + extra)
    }

    func testSuccessIsZeroAndWritesTheReport() throws {
        let dir = try workdir()
        let run = try report(dir)
        XCTAssertEqual(run.status, 0, run.stderr)
        for name in GoldenReportTests.tables + ["rejects.csv", "summary.json"] {
            XCTAssertTrue(dir.exists("out/" + name), name)
        }
    }

    // MARK: 1: failure, nothing replaced

    func testDuplicateHandleIsExitOneNamingTheLine() throws {
        let dir = try workdir()
        try dir.write("dup.csv", "handle,name,sector\nacme,Acme,commercial\ncivic,Civic,public\n@ACME,Acme again,other\n")
        let run = try report(dir, registry: "dup.csv")
        XCTAssertEqual(run.status, 1, run.stderr)
        XCTAssertTrue(run.stderr.contains("dup.csv:4"), "names the line of the second `acme` (case and @ ignored):\n\(run.stderr)")
        XCTAssertFalse(dir.exists("out"), "stopped before any output")
    }

    func testUnknownSectorIsExitOneNamingTheLine() throws {
        let dir = try workdir()
        try dir.write("sector.csv", "handle,name,sector\nacme,Acme,commercial\ncivic,Civic,charity\n")
        let run = try report(dir, registry: "sector.csv")
        XCTAssertEqual(run.status, 1, run.stderr)
        XCTAssertTrue(run.stderr.contains("sector.csv:3"), run.stderr)
        XCTAssertTrue(run.stderr.contains("charity"), run.stderr)
    }

    func testMissingHandleColumnIsExitOneNamingTheHeaderLine() throws {
        let dir = try workdir()
        try dir.write("nohandle.csv", "name,sector\nAcme,commercial\n")
        let run = try report(dir, registry: "nohandle.csv")
        XCTAssertEqual(run.status, 1, run.stderr)
        XCTAssertTrue(run.stderr.contains("nohandle.csv:1"), run.stderr)
        XCTAssertTrue(run.stderr.contains("handle"), run.stderr)
    }

    func testMissingRegistryIsExitOne() throws {
        let dir = try workdir()
        let run = try report(dir, registry: "no-such-registry.csv")
        XCTAssertEqual(run.status, 1, run.stderr)
        XCTAssertTrue(run.stderr.contains("no-such-registry.csv"), run.stderr)
    }

    func testNoInputFoundIsExitOne() throws {
        let dir = try workdir()
        try FileManager.default.createDirectory(atPath: dir.path("empty"), withIntermediateDirectories: true)
        let emptyFolder = try report(dir, inputs: ["empty"])
        XCTAssertEqual(emptyFolder.status, 1, emptyFolder.stderr)
        XCTAssertTrue(emptyFolder.stderr.contains("empty"), emptyFolder.stderr)
        let missing = try report(dir, inputs: ["no-such-folder"])
        XCTAssertEqual(missing.status, 1, missing.stderr)
        XCTAssertTrue(missing.stderr.contains("no-such-folder"), missing.stderr)
        XCTAssertFalse(dir.exists("out"))
    }

    func testUnwritableOutputFolderIsExitOne() throws {
        // The tests may run as root, for whom permissions do not stop a write: use a path
        // that cannot be a folder (below a regular file, or a regular file itself).
        let dir = try workdir()
        try dir.write("a-file", "not a folder\n")
        let below = try report(dir, out: "a-file/reports")
        XCTAssertEqual(below.status, 1, below.stderr)
        XCTAssertTrue(below.stderr.contains("a-file"), below.stderr)
        let itself = try report(dir, out: "a-file")
        XCTAssertEqual(itself.status, 1, itself.stderr)
        XCTAssertEqual(try dir.readText("a-file"), "not a folder\n")
    }

    // MARK: 2: too many rejects, report written

    func testTooManyRejectsIsExitTwoWithTheReportWritten() throws {
        let dir = try workdir(good: 12, bad: 8)
        let run = try report(dir)
        XCTAssertEqual(run.status, 2, run.stderr)
        XCTAssertFalse(run.crashed)
        for name in GoldenReportTests.tables + ["rejects.csv", "summary.json"] {
            XCTAssertTrue(dir.exists("out/" + name), "\(name) is written even with exit code 2")
        }
        let rejects = SimpleCSV.records(try dir.readText("out/rejects.csv"))
        XCTAssertEqual(rejects.count, 8)
        XCTAssertTrue(rejects.allSatisfy { $0["reason"] == "bad timestamp" && $0["file"] == "acme/tweets.csv" }, "\(rejects)")
        let summary = try Summary(try dir.read("out/summary.json"))
        summary.checkRecordsAddUp()
        XCTAssertEqual(summary.totals["records"], 20)
        XCTAssertEqual(summary.totals["rejects"], 8)
        let acme = SimpleCSV.records(try dir.readText("out/organizations.csv")).first { $0["handle"] == "acme" }
        XCTAssertEqual(acme?["posts"], "12")
        // The same run with a tolerant threshold is a success.
        XCTAssertEqual(try report(dir, ["--max-reject-rate", "0.5"]).status, 0)
    }

    /// "rejects / records is at most --max-reject-rate" is exit 0: the boundary itself passes.
    func testRejectRateAtTheThresholdIsStillSuccess() throws {
        let atLimit = try workdir(good: 19, bad: 1) // 1/20 = 0.05
        XCTAssertEqual(try report(atLimit).status, 0)
        let above = try workdir(good: 18, bad: 2) // 2/20 = 0.10
        XCTAssertEqual(try report(above).status, 2)
        XCTAssertEqual(try report(above, ["--max-reject-rate", "0.1"]).status, 0)
    }

    // MARK: 64: usage errors

    func testUsageErrorsAreExit64() throws {
        let dir = try workdir()
        for bad in [["--frobnicate"], ["--threads", "0"], ["--threads", "two"], ["--threads", "-3"],
                    ["--max-reject-rate", "2"], ["--max-reject-rate", "lots"], ["--promo-threshold", "1.5"]] {
            let run = try report(dir, bad)
            XCTAssertEqual(run.status, 64, "\(bad): \(run.stderr)")
            XCTAssertFalse(run.stderr.isEmpty, "\(bad): says what is wrong")
        }
        XCTAssertFalse(dir.exists("out"), "a usage error reads and writes nothing")
        XCTAssertEqual(try dir.run(["no-such-command-or-file", "--bogus"]).status, 64)
    }

    func testHelpAndVersionAreSuccess() throws {
        let dir = try Workdir()
        let help = try dir.run(["report", "--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue((help.stdout + help.stderr).contains("--max-reject-rate"))
        let version = try dir.run(["--version"])
        XCTAssertEqual(version.status, 0)
        XCTAssertFalse(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
    }

    // MARK: Atomicity

    /// A failing run into a folder that holds a good report leaves every file byte-identical.
    func testFailedRunReplacesNothing() throws {
        let dir = try workdir(good: 10, bad: 0)
        XCTAssertEqual(try report(dir).status, 0)
        let before = dir.listing("out")
        let bytes = try before.map { try dir.read("out/" + $0) }
        XCTAssertTrue(before.contains("organizations.csv"))

        // Different inputs, so that a replaced file would differ.
        try dir.write("exports/civic/tweets.csv", Self.archive(good: 3, bad: 0))
        try dir.write("broken.csv", "handle,name,sector\nacme,Acme,commercial\nacme,Acme,commercial\n")
        XCTAssertEqual(try report(dir, registry: "broken.csv").status, 1)
        XCTAssertEqual(try report(dir, inputs: ["no-such-folder"]).status, 1)

        XCTAssertEqual(dir.listing("out"), before, "no file added or removed (no staging left behind)")
        for (name, data) in zip(before, bytes) {
            XCTAssertEqual(try dir.read("out/" + name), data, "\(name) is byte-identical")
        }
        // And a good run afterwards does replace them.
        XCTAssertEqual(try report(dir).status, 0)
        XCTAssertNotEqual(try dir.read("out/organizations.csv"), bytes[before.firstIndex(of: "organizations.csv")!])
    }

    func testQuietPrintsOnlyWarningsAndErrors() throws {
        let dir = try workdir(good: 9, bad: 1)
        let loud = try report(dir, ["--max-reject-rate", "0.5"])
        let quiet = try report(dir, ["--max-reject-rate", "0.5", "--quiet"])
        XCTAssertEqual(quiet.status, 0)
        XCTAssertTrue(loud.stderr.contains("records:"), loud.stderr)
        XCTAssertFalse(quiet.stderr.contains("records:"), "the run's summary line is gone:\n\(quiet.stderr)")
        // Issue 14: the findings as one summary by reason, with the first place of each.
        XCTAssertEqual(quiet.stderrLines, ["1 reject, 0 warnings (all rejects in out/rejects.csv), by reason:",
                                           "  bad timestamp: 1 reject (first acme/tweets.csv:2)"], quiet.stderr)
        XCTAssertTrue(quiet.stdout.isEmpty)
    }
}
