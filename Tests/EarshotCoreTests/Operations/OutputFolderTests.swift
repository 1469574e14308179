import Foundation
import Logging
import XCTest
@testable import EarshotCore

/// The output folder: replaced as a whole, the user's files kept, leftovers of killed runs
/// removed; the lock that keeps two runs apart.
final class OutputFolderTests: XCTestCase {
    var root = ""

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("earshot-out-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: root) }

    func text(_ relative: String) -> String? {
        FileManager.default.contents(atPath: root + "/" + relative).map { String(decoding: $0, as: UTF8.self) }
    }

    func listing() -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).sorted() }

    func testTheNewReportReplacesTheOldOneAsAWholeAndKeepsTheUsersFiles() throws {
        let first = try OutputFolder(path: root + "/out")
        try first.write("organizations.csv", "old\n")
        try first.write("orgs/gone.html", "old page\n")
        try first.write("posts.csv.gz", "old posts\n")
        try first.commit()
        try "mine\n".write(toFile: root + "/out/README.md", atomically: false, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: root + "/out/notes", withIntermediateDirectories: true)
        try "note\n".write(toFile: root + "/out/notes/a.txt", atomically: false, encoding: .utf8)

        let second = try OutputFolder(path: root + "/out/")
        try second.write("organizations.csv", "new\n")
        try second.write("orgs/kept.html", "new page\n")
        // Before the commit, nothing has changed.
        XCTAssertEqual(text("out/organizations.csv"), "old\n")
        try second.commit()
        XCTAssertEqual(text("out/organizations.csv"), "new\n")
        XCTAssertEqual(text("out/orgs/kept.html"), "new page\n")
        XCTAssertNil(text("out/orgs/gone.html"), "an old page does not outlive its report")
        XCTAssertNil(text("out/posts.csv.gz"), "nor an old posts file")
        XCTAssertEqual(text("out/README.md"), "mine\n")
        XCTAssertEqual(text("out/notes/a.txt"), "note\n")
        XCTAssertEqual(listing(), ["out"], "no staging or previous report left beside it")
    }

    func testAFailedRunReplacesNothingAndItsLeftoversGoAtTheNextRun() throws {
        let first = try OutputFolder(path: root + "/out")
        try first.write("sectors.csv", "old\n")
        try first.commit()
        // A run killed before its commit leaves its staging folder (here: a pid that is not ours).
        try FileManager.default.createDirectory(atPath: root + "/.out.earshot-staging-999999/orgs", withIntermediateDirectories: true)
        do {
            let failed = try OutputFolder(path: root + "/out")
            try failed.write("sectors.csv", "half\n")
            // No commit: the run stops here.
        }
        XCTAssertEqual(text("out/sectors.csv"), "old\n")
        let next = try OutputFolder(path: root + "/out")
        XCTAssertFalse(listing().contains(".out.earshot-staging-999999"), "\(listing())")
        try next.write("sectors.csv", "new\n")
        try next.commit()
        XCTAssertEqual(text("out/sectors.csv"), "new\n")
        XCTAssertEqual(listing(), ["out"])
    }

    func testTheFallbackOfTwoRenamesSwapsToo() throws {
        try FileManager.default.createDirectory(atPath: root + "/.out.earshot-staging-1", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/out", withIntermediateDirectories: true)
        try "new\n".write(toFile: root + "/.out.earshot-staging-1/a", atomically: false, encoding: .utf8)
        try "old\n".write(toFile: root + "/out/a", atomically: false, encoding: .utf8)
        try FolderSwap.twoRenames(root + "/.out.earshot-staging-1", root + "/out")
        XCTAssertEqual(text("out/a"), "new\n")
        XCTAssertEqual(text(".out.earshot-staging-1/a"), "old\n")
        try FolderSwap.exchange(root + "/.out.earshot-staging-1", root + "/out")
        XCTAssertEqual(text("out/a"), "old\n")
    }

    func testAFileWhereTheFolderShouldBeIsRefused() throws {
        try "x".write(toFile: root + "/file", atomically: false, encoding: .utf8)
        XCTAssertThrowsError(try OutputFolder(path: root + "/file"))
        XCTAssertThrowsError(try OutputFolder(path: root + "/file/out"))
        XCTAssertEqual(text("file"), "x")
    }

    func testTheLockIsHeldUntilReleasedAndAWaitingRunGetsItThen() throws {
        let out = root + "/out"
        let held = try OutputLock.acquire(output: out, wait: false)
        XCTAssertEqual(held.path, root + "/.out.earshot-lock")
        XCTAssertThrowsError(try OutputLock.acquire(output: out, wait: false)) { error in
            let busy = error as? OutputLock.Busy
            XCTAssertNotNil(busy)
            XCTAssertEqual(busy?.holder, "\(getpid())")
            XCTAssertTrue("\(error)".contains("--wait"), "\(error)")
        }
        // A waiting taker gets the lock once the holder lets it go.
        let acquired = expectation(description: "the waiting run takes the lock")
        let lockedAt = LockedDate()
        DispatchQueue.global().async {
            if let lock = try? OutputLock.acquire(output: out, wait: true) {
                lockedAt.set(Date())
                lock.release()
                acquired.fulfill()
            }
        }
        Thread.sleep(forTimeInterval: 0.3)
        let releasedAt = Date()
        held.release()
        wait(for: [acquired], timeout: 5)
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(lockedAt.value), releasedAt)
        XCTAssertNoThrow(try OutputLock.acquire(output: out, wait: false).release())
    }
}

final class LockedDate: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Date?
    func set(_ date: Date) { lock.lock(); stored = date; lock.unlock() }
    var value: Date? { lock.lock(); defer { lock.unlock() }; return stored }
}

/// Messages: one line each, as text or JSON; the progress line's wording.
final class MessagesTests: XCTestCase {
    func testTextLinesReadAsBefore() {
        XCTAssertEqual(StderrLogHandler.line(level: .warning, message: "a.csv:3: reject: bad timestamp", metadata: [:], format: .text),
                       "a.csv:3: reject: bad timestamp")
        XCTAssertEqual(StderrLogHandler.line(level: .error, message: "no input found", metadata: [:], format: .text),
                       "earshot: error: no input found")
        XCTAssertEqual(StderrLogHandler.line(level: .info, message: "12 records", metadata: [:], format: .text), "earshot: 12 records")
        XCTAssertEqual(StderrLogHandler.line(level: .warning, message: "two\nlines", metadata: [:], format: .text), "two lines")
    }

    func testJSONLinesAreOneObjectWithLevelMessageFileAndLine() throws {
        let line = StderrLogHandler.line(level: .warning, message: "a \"quoted\"\nreason", metadata: Logger.place(file: "x/a.csv", line: 12),
                                         format: .json)
        XCTAssertFalse(line.contains("\n"))
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        XCTAssertEqual(object["level"] as? String, "warning")
        XCTAssertEqual(object["message"] as? String, "a \"quoted\"\nreason")
        XCTAssertEqual(object["file"] as? String, "x/a.csv")
        XCTAssertEqual(object["line"] as? Int, 12)
        let plain = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(
            StderrLogHandler.line(level: .error, message: "boom", metadata: [:], format: .json).utf8)) as? [String: Any])
        XCTAssertEqual(plain["level"] as? String, "error")
        XCTAssertNil(plain["file"])
    }

    func testTheProgressLineSaysFilesMegabytesRateAndTimeLeft() {
        var s = PipelineProgress.Snapshot(files: 120, totalFiles: 5700, bytes: 45_200_000, totalBytes: 300_000_000, posts: 10_460)
        s.elapsed = 2
        XCTAssertEqual(s.line, "earshot: 120/5700 files, 45.2/300.0 MB, 5230 posts/s, ETA 0:12")
        XCTAssertEqual(PipelineProgress.Snapshot.clock(3725), "1:02:05")
        XCTAssertNil(PipelineProgress.Snapshot(totalFiles: 3, totalBytes: 10).eta)
    }
}

/// Paths as people type them: one letter, relative, with a trailing slash.
final class OutputPathTests: XCTestCase {
    func testParentAndNameOfShortAndRelativePaths() {
        XCTAssertEqual(OutputFolder.parentAndName("a").parent, ".")
        XCTAssertEqual(OutputFolder.parentAndName("a").name, "a")
        XCTAssertEqual(OutputFolder.parentAndName("x/a").parent, "x")
        XCTAssertEqual(OutputFolder.parentAndName("/a").parent, "/")
        XCTAssertEqual(OutputFolder.parentAndName("/a").name, "a")
        XCTAssertEqual(OutputLock.lockPath(forOutput: "no-such-dir-q/"), "./.no-such-dir-q.earshot-lock")
        XCTAssertEqual(OutputLock.lockPath(forOutput: "q"), "./.q.earshot-lock")
    }
}
