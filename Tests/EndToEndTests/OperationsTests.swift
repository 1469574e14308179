import Foundation
import XCTest

/// Operations through the binary, as cron, Slurm or a person runs it: the lock and its exit
/// code, a run killed before its report is in place, messages as JSON lines, the progress
/// line, `earshot doctor`, and shards merged by `earshot merge`.
final class OperationsTests: XCTestCase {
    static let tables = ["organizations.csv", "org_months.csv", "sectors.csv", "sector_months.csv", "rejects.csv"]

    /// A work folder with a small generated corpus: `organizations.csv` and `exports/`.
    func corpus(_ name: String = #function, orgs: Int = 5) throws -> Workdir {
        let dir = try Workdir(name)
        let sample = try dir.run(["sample", "--out", ".", "--orgs", "\(orgs)", "--posts-per-org", "30", "--seed", "3"])
        XCTAssertEqual(sample.status, 0, sample.stderr)
        return dir
    }

    func report(_ dir: Workdir, out: String = "out", _ extra: [String] = []) throws -> RunResult {
        try dir.run(["report", "exports", "--registry", "organizations.csv", "--out", out, "--threads", "2"] + extra)
    }

    /// Every file of a report folder with its bytes.
    func snapshot(_ dir: Workdir, _ out: String) throws -> [String: Data] {
        Dictionary(uniqueKeysWithValues: try dir.listing(out).map { ($0, try dir.read(out + "/" + $0)) })
    }

    // MARK: The lock

    func testASecondRunOnTheSameFolderExitsWith75OrWaitsItsTurn() throws {
        let dir = try corpus()
        let hold = dir.path("hold")
        let first = try Background(dir, ["report", "exports", "--registry", "organizations.csv", "--out", "out"],
                                   environment: ["EARSHOT_TEST_HOLD": "commit:" + hold])
        try first.waitFor(file: hold)

        let busy = try report(dir)
        XCTAssertEqual(busy.status, 75, busy.stderr)
        XCTAssertTrue(busy.stderr.contains("another earshot run (pid \(first.pid)) is writing out"), busy.stderr)
        XCTAssertTrue(busy.stderr.contains("--wait"), busy.stderr)
        XCTAssertEqual(busy.stderrLines.count, 1, "one clear line:\n\(busy.stderr)")

        // A third run with --wait queues behind the first and then writes its own report.
        let waiting = try Background(dir, ["report", "exports", "--registry", "organizations.csv", "--out", "out", "--wait", "--quiet"])
        Thread.sleep(forTimeInterval: 0.5)
        XCTAssertTrue(waiting.isRunning, "it waits for the lock")
        try FileManager.default.removeItem(atPath: hold)
        XCTAssertEqual(first.finish().status, 0)
        let waited = waiting.finish()
        XCTAssertEqual(waited.status, 0, waited.stderr)
        XCTAssertTrue(dir.exists("out/organizations.csv"))
    }

    // MARK: Atomic replacement

    func testARunKilledBeforeItsReportIsInPlaceLeavesThePreviousReportComplete() throws {
        let dir = try corpus()
        XCTAssertEqual(try report(dir).status, 0)
        try dir.write("out/README.md", "the team's notes\n")
        let previous = try snapshot(dir, "out")

        // The next night's inputs differ; that run is killed with every new file written but
        // before the swap (the worst moment).
        let org = try XCTUnwrap(dir.listing("exports").compactMap { $0.split(separator: "/").first.map(String.init) }
            .first { $0 != "collections" })
        try dir.write("exports/\(org)/extra/tweets.csv", ExitCodeTests.archive(good: 4, bad: 0))
        let hold = dir.path("hold")
        let killed = try Background(dir, ["report", "exports", "--registry", "organizations.csv", "--out", "out"],
                                    environment: ["EARSHOT_TEST_HOLD": "commit:" + hold])
        try killed.waitFor(file: hold)
        let staging = try XCTUnwrap(dir.listing(".").first { $0.hasPrefix(".out.earshot-staging-") && $0.hasSuffix("/organizations.csv") },
                                    "the new report is staged beside the folder")
        XCTAssertNotEqual(try dir.read(staging), previous["organizations.csv"], "and differs from the previous one")
        killed.kill()
        XCTAssertEqual(try snapshot(dir, "out"), previous, "the previous report, every file, unchanged")

        // The next run cleans up and replaces the report as a whole, keeping the README.
        let next = try report(dir)
        XCTAssertEqual(next.status, 0, next.stderr)
        XCTAssertFalse(dir.listing(".").contains { $0.hasPrefix(".out.earshot-staging-") }, "\(dir.listing("."))")
        XCTAssertEqual(try dir.readText("out/README.md"), "the team's notes\n")
        XCTAssertNotEqual(try dir.read("out/organizations.csv"), previous["organizations.csv"])
    }

    // MARK: Messages and progress

    func testJSONMessagesAreOneObjectPerLineWithFileAndLine() throws {
        let dir = try Workdir()
        try dir.write("organizations.csv", ExitCodeTests.registry)
        try dir.write("exports/acme/tweets.csv", ExitCodeTests.archive(good: 6, bad: 1))
        let run = try dir.run(["report", "exports", "--registry", "organizations.csv", "--out", "out", "--log-format", "json"])
        XCTAssertEqual(run.status, 2, run.stderr)
        var levels: [String] = []
        var placed = false
        for line in run.stderrLines {
            let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], line)
            let level = try XCTUnwrap(object["level"] as? String, line)
            XCTAssertNotNil(object["message"] as? String, line)
            levels.append(level)
            if object["file"] as? String == "acme/tweets.csv", (object["line"] as? Int ?? 0) > 1 { placed = true }
        }
        XCTAssertTrue(placed, "the reject names its file and line:\n\(run.stderr)")
        XCTAssertTrue(levels.contains("warning") && levels.contains("info") && levels.contains("error"), "\(levels)")
        let quiet = try dir.run(["report", "exports", "--registry", "organizations.csv", "--out", "out", "--log-format", "json", "--quiet"])
        XCTAssertFalse(quiet.stderr.contains("\"level\":\"info\""), quiet.stderr)
        XCTAssertEqual(try dir.run(["report", "--log-format", "xml"]).status, 64)
    }

    func testTheProgressLineShowsOnlyWhenAskedOrOnATerminal() throws {
        let dir = try corpus()
        let forced = try report(dir, ["--progress"])
        XCTAssertEqual(forced.status, 0, forced.stderr)
        XCTAssertTrue(forced.stderr.contains(" files, ") && forced.stderr.contains(" MB"), forced.stderr)
        XCTAssertFalse(try report(dir).stderr.contains(" MB"), "stderr is not a terminal here: no progress line")
        XCTAssertFalse(try report(dir, ["--progress", "--quiet"]).stderr.contains(" MB"), "--quiet wins")
        XCTAssertFalse(try report(dir, ["--no-progress"]).stderr.contains(" MB"))
    }

    func testHelpNamesTheNewExitCodeAndOptions() throws {
        let dir = try Workdir()
        let help = try dir.run(["report", "--help"])
        for text in ["75", "--wait", "--cache", "--shard", "--partial", "--log-format"] {
            XCTAssertTrue((help.stdout + help.stderr).contains(text), "report --help names \(text)")
        }
        XCTAssertEqual(try dir.run(["report", "--shard", "3/3", "--partial", "p"]).status, 64)
        XCTAssertEqual(try dir.run(["report", "--shard", "0/3"]).status, 64, "--shard needs --partial")
        XCTAssertEqual(try dir.run(["report", "--shard", "0/3", "--partial", "p", "--posts"]).status, 64)
    }

    // MARK: Cache, shards and merge through the binary

    func testACachedRerunAndMergedShardsWriteTheBytesOfAPlainRun() throws {
        let dir = try corpus(orgs: 6)
        XCTAssertEqual(try report(dir, out: "plain").status, 0)
        XCTAssertEqual(try report(dir, out: "cached", ["--cache", "cache"]).status, 0)
        let rerun = try report(dir, out: "cached", ["--cache", "cache"])
        XCTAssertEqual(rerun.status, 0, rerun.stderr)
        XCTAssertTrue(rerun.stderr.contains(" 0 read;"), rerun.stderr)
        for i in 0..<2 {
            let shard = try report(dir, ["--shard", "\(i)/2", "--partial", "part\(i)"])
            XCTAssertEqual(shard.status, 0, shard.stderr)
        }
        let merged = try dir.run(["merge", "part1", "part0", "--registry", "organizations.csv", "--out", "merged"])
        XCTAssertEqual(merged.status, 0, merged.stderr)
        for table in Self.tables {
            XCTAssertEqual(try dir.read("plain/" + table), try dir.read("cached/" + table), "cached: \(table)")
            XCTAssertEqual(try dir.read("plain/" + table), try dir.read("merged/" + table), "merged: \(table)")
        }
        XCTAssertTrue(dir.exists("merged/index.html"))
        let twice = try dir.run(["merge", "part1", "part1", "--registry", "organizations.csv", "--out", "merged2"])
        XCTAssertEqual(twice.status, 1, twice.stderr)
        XCTAssertTrue(twice.stderr.contains("given twice"), twice.stderr)
        XCTAssertFalse(dir.exists("merged2"))
    }

    // MARK: Doctor

    func testDoctorSaysWhatARunWouldFindWithoutWritingAReport() throws {
        let dir = try corpus()
        try dir.write("exports/notes.txt", "not an export\n")
        try dir.write("exports/stranger/tweet_activity_metrics_stranger_20150301_20150331_en.csv",
                      "\"Tweet id\",\"Tweet permalink\",\"Tweet text\",\"time\",\"impressions\",\"engagements\"\n"
                          + "\"1\",\"https://twitter.com/stranger/status/1\",\"hello\",\"2015-03-02 10:00 +0000\",\"1\",\"1\"\n")
        let good = try dir.run(["doctor", "exports", "--registry", "organizations.csv", "--out", "out"])
        XCTAssertEqual(good.status, 0, good.stdout + good.stderr)
        for text in ["registry organizations.csv:", "recognised", "notes.txt: unrecognised format", "@stranger (1 file)",
                     "output out: writable, not locked", "verdict: a run would work"] {
            XCTAssertTrue(good.stdout.contains(text), "\(text):\n\(good.stdout)")
        }
        XCTAssertFalse(dir.exists("out"), "doctor writes no report")

        try dir.write("broken.csv", "handle,sector\nacme,charity\n")
        let broken = try dir.run(["doctor", "exports", "--registry", "broken.csv"])
        XCTAssertEqual(broken.status, 1)
        XCTAssertTrue(broken.stdout.contains("broken.csv:2") && broken.stdout.contains("a run would fail"), broken.stdout)
    }
}

/// An `earshot` run in the background, for the tests that need two at once or a kill.
final class Background {
    let process = Process()
    let errURL: URL
    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }

    /// Runs `earshot arguments`, or `executable` (a command line of its own) when given.
    init(_ dir: Workdir, _ arguments: [String], environment: [String: String] = [:], executable: [String]? = nil) throws {
        let binary = try XCTUnwrap(Earshot.binary, Earshot.notFoundAdvice)
        errURL = FileManager.default.temporaryDirectory.appendingPathComponent("earshot-e2e-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        if let executable, let first = executable.first {
            process.executableURL = URL(fileURLWithPath: first)
            process.arguments = Array(executable.dropFirst())
        } else {
            process.executableURL = binary
            process.arguments = arguments
        }
        process.currentDirectoryURL = dir.root
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: errURL)
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    deinit {
        if process.isRunning { kill() }
        try? FileManager.default.removeItem(at: errURL)
    }

    /// Waits (up to 60 s) until the run has created `file`.
    func waitFor(file: String) throws {
        let deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: file) {
            guard process.isRunning else {
                throw XCTSkip("the run ended before reaching its hold point: \(String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self))")
            }
            guard Date() < deadline else { throw XCTSkip("the run did not reach its hold point in 60 s") }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }

    func kill() {
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    func finish() -> (status: Int32, stderr: String) {
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self))
    }
}

/// The example files of `deploy/` run as they are.
final class DeployExampleTests: XCTestCase {
    func script(_ relative: String) -> String { Earshot.packageRoot.appendingPathComponent("deploy/" + relative).path }

    func run(_ dir: Workdir, _ command: [String], environment: [String: String]) throws -> (status: Int32, stderr: String) {
        let binary = try XCTUnwrap(Earshot.binary, Earshot.notFoundAdvice)
        let background = try Background(dir, [], environment: ["EARSHOT": binary.path].merging(environment) { $1 }, executable: command)
        return background.finish()
    }

    func testTheCronScriptSkipsANightWhenThePreviousRunStillHoldsTheFolder() throws {
        let dir = try Workdir()
        XCTAssertEqual(try dir.run(["sample", "--out", ".", "--orgs", "3", "--posts-per-org", "20"]).status, 0)
        let paths = ["EXPORTS": dir.path("exports"), "REGISTRY": dir.path("organizations.csv"), "REPORTS": dir.path("reports"),
                     "CACHE": dir.path("cache")]
        let night = try run(dir, ["/bin/sh", script("cron/nightly.sh")], environment: paths)
        XCTAssertEqual(night.status, 0, night.stderr)
        XCTAssertTrue(dir.exists("reports/organizations.csv"))
        XCTAssertTrue(dir.exists("cache/scans.entry"))

        let hold = dir.path("hold")
        let long = try Background(dir, ["report", "exports", "--registry", "organizations.csv", "--out", "reports"],
                                  environment: ["EARSHOT_TEST_HOLD": "commit:" + hold])
        try long.waitFor(file: hold)
        let skipped = try run(dir, ["/bin/sh", script("cron/nightly.sh")], environment: paths)
        XCTAssertEqual(skipped.status, 0, skipped.stderr)
        XCTAssertTrue(skipped.stderr.contains("skipped tonight"), skipped.stderr)
        long.kill()
    }

    func testTheGNUParallelExampleMergesToTheBytesOfOneRun() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/parallel") else { throw XCTSkip("GNU parallel is not installed") }
        let dir = try Workdir()
        XCTAssertEqual(try dir.run(["sample", "--out", ".", "--orgs", "4", "--posts-per-org", "20"]).status, 0)
        let sharded = try run(dir, ["/bin/sh", script("parallel/run-shards.sh"), "exports", "organizations.csv", "merged", "3"],
                              environment: ["PARTS": dir.path("parts")])
        XCTAssertEqual(sharded.status, 0, sharded.stderr)
        XCTAssertEqual(try dir.run(["report", "exports", "--registry", "organizations.csv", "--out", "single"]).status, 0)
        for table in OperationsTests.tables {
            XCTAssertEqual(try dir.read("single/" + table), try dir.read("merged/" + table), table)
        }
    }
}
