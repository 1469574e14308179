import Foundation
import XCTest

/// Issue 18 through the built binary: what a user's command line does with hostile inputs and
/// outputs (inputs built here, not committed).
final class HostileRunTests: XCTestCase {
    private func registry(_ dir: Workdir, at relative: String = "organizations.csv") throws {
        try dir.write(relative, "handle,name,sector\nacme,Acme,commercial\n")
    }

    private let tweetsCSV = "tweet_id,in_reply_to_status_id,in_reply_to_user_id,timestamp,source,text,retweeted_status_id,retweeted_status_user_id,retweeted_status_timestamp,expanded_urls\n"
        + "1001,,,2020-01-02 10:00:00 +0000,web,Hello there,,,,\n"

    func testFIFONamedOnTheCommandLineDoesNotHang() throws {
        let dir = try Workdir()
        try registry(dir)
        try dir.write("exports/acme/tweets.csv", tweetsCSV)
        XCTAssertEqual(mkfifo(dir.path("pipe.csv"), 0o644), 0)
        let started = Date()
        for command in [["report", "exports", "pipe.csv", "--registry", "organizations.csv", "--out", "out"],
                        ["inspect", "pipe.csv"], ["doctor", "pipe.csv", "--registry", "organizations.csv"]] {
            let run = try dir.run(command)
            XCTAssertFalse(run.crashed, command.joined(separator: " "))
            let said = run.stdout + run.stderr
            XCTAssertTrue(said.contains("pipe.csv") && said.contains("not a regular file (a FIFO)"),
                          "\(command.joined(separator: " ")): \(said)")
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 60)
        // Counted: one reject for the file, beside the real export's post.
        let rejects = try dir.readText("out/rejects.csv")
        XCTAssertTrue(rejects.contains("pipe.csv,0,file unreadable: cannot open: not a regular file (a FIFO)"), rejects)
    }

    func testRegistryFolderIsRefusedAsOutput() throws {
        let dir = try Workdir()
        try registry(dir, at: "orgs/organizations.csv")
        try dir.write("orgs/notes.txt", "my notes\n")
        try dir.write("exports/acme/tweets.csv", tweetsCSV)
        let before = try dir.readText("orgs/organizations.csv")
        let run = try dir.run(["report", "exports", "--registry", "orgs/organizations.csv", "--out", "orgs"])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.contains("not used as the output folder"), run.stderr)
        XCTAssertEqual(try dir.readText("orgs/organizations.csv"), before)
        XCTAssertEqual(try dir.readText("orgs/notes.txt"), "my notes\n")
        XCTAssertEqual(dir.listing("orgs"), ["notes.txt", "organizations.csv"])
        // A folder of someone else's files, too; a fresh folder works, and again over itself.
        try dir.write("docs/a.txt", "a\n")
        XCTAssertEqual(try dir.run(["report", "exports", "--registry", "orgs/organizations.csv", "--out", "docs"]).status, 1)
        XCTAssertEqual(try dir.run(["report", "exports", "--registry", "orgs/organizations.csv", "--out", "out"]).status, 0)
        XCTAssertEqual(try dir.run(["report", "exports", "--registry", "orgs/organizations.csv", "--out", "out"]).status, 0)
    }

    func testSIGTERMRemovesTheStagingFolder() throws {
        let dir = try Workdir()
        try registry(dir)
        try dir.write("exports/acme/tweets.csv", tweetsCSV)
        let binary = try XCTUnwrap(Earshot.binary)
        let hold = dir.path("hold")
        let process = Process()
        process.executableURL = binary
        process.arguments = ["report", "exports", "--registry", "organizations.csv", "--out", "out"]
        process.currentDirectoryURL = dir.root
        var environment = ProcessInfo.processInfo.environment
        environment["EARSHOT_TEST_HOLD"] = "commit:" + hold
        process.environment = environment
        let errURL = dir.root.appendingPathComponent("stderr.txt")
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: errURL)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // Wait until every file is staged and the run holds before the swap.
        let deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: hold) && Date() < deadline { usleep(20_000) }
        XCTAssertTrue(FileManager.default.fileExists(atPath: hold))
        let staging = try FileManager.default.contentsOfDirectory(atPath: dir.root.path).filter { $0.contains(".earshot-staging-") }
        XCTAssertEqual(staging.count, 1, "the run is staging its report")
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .exit)
        XCTAssertEqual(process.terminationStatus, 128 + SIGTERM)
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.root.path).filter { $0.contains(".earshot-staging-") }
        XCTAssertEqual(left, [], "no staging folder left behind")
        XCTAssertFalse(dir.exists("out"), "nothing was put in place")
        let lines = String(decoding: try Data(contentsOf: errURL), as: UTF8.self).split(separator: "\n")
        XCTAssertEqual(lines.filter { $0.contains("interrupted") }.count, 1, "\(lines)")
    }

    func testTruncatedOneLineTweetsJSRejectsLineOne() throws {
        let dir = try Workdir()
        try registry(dir)
        try dir.write("exports/acme/data/tweets.js",
                      "window.YTD.tweets.part0 = [{\"tweet\":{\"id_str\":\"1\",\"full_text\":\"hi\",\"created_at\":\"Wed Jan 01 10:00:00 +0000 2020\"}},{\"tweet\":{\"id_str\":\"2\",\"full_te")
        let run = try dir.run(["report", "exports", "--registry", "organizations.csv", "--out", "out", "--max-reject-rate", "1"])
        XCTAssertFalse(run.crashed)
        let rejects = try dir.readText("out/rejects.csv")
        let rows = rejects.split(separator: "\n").dropFirst()
        XCTAssertEqual(rows.count, 1, rejects)
        XCTAssertTrue(rows.first?.hasPrefix("acme/data/tweets.js,1,") ?? false, rejects)
    }
}
