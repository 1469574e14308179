import Foundation
import XCTest
@testable import EarshotCore
import EarshotTestSupport

/// Tier 2 through the built `earshot` binary, as a person runs it: archives and mapped CSVs in,
/// report and inspect out, bad input turned into rejects and skipped files, never a crash.
final class Tier2EndToEndTests: XCTestCase {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func binary() throws -> URL {
        var candidates = [Bundle.main.bundleURL.appendingPathComponent("earshot")]
        for bundle in Bundle.allBundles where bundle.bundleURL.pathExtension == "xctest" {
            candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("earshot"))
        }
        let root = Repository.root
        candidates.append(root.appendingPathComponent(".build/debug/earshot"))
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw XCTSkip("the earshot binary was not found: run `swift build --build-tests` first")
        }
        return found
    }

    func run(_ arguments: [String], in dir: Tier2Folder) throws -> Run {
        let process = Process()
        process.executableURL = try Self.binary()
        process.arguments = arguments
        process.currentDirectoryURL = dir.url
        let out = dir.url.appendingPathComponent(".stdout"), err = dir.url.appendingPathComponent(".stderr")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .exit, "earshot crashed")
        return Run(status: process.terminationStatus, stdout: try String(contentsOf: out, encoding: .utf8),
                   stderr: try String(contentsOf: err, encoding: .utf8))
    }

    func summary(_ dir: Tier2Folder) throws -> [String: Any] {
        let data = try Data(contentsOf: dir.url.appendingPathComponent("out/summary.json"))
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func int(_ object: Any?, _ key: String) -> Int? { ((object as? [String: Any])?[key] as? NSNumber)?.intValue }

    /// records = posts + duplicates + rejects, in the totals and for every file.
    func checkAddsUp(_ summary: [String: Any], file: StaticString = #filePath, line: UInt = #line) {
        let totals = summary["totals"]
        XCTAssertEqual(Self.int(totals, "records"), (Self.int(totals, "posts") ?? 0) + (Self.int(totals, "duplicates") ?? 0)
                       + (Self.int(totals, "rejects") ?? 0), file: file, line: line)
        for entry in summary["files"] as? [[String: Any]] ?? [] {
            XCTAssertEqual(Self.int(entry, "records"), (Self.int(entry, "posts") ?? 0) + (Self.int(entry, "duplicates") ?? 0)
                           + (Self.int(entry, "rejects") ?? 0), "\(entry)", file: file, line: line)
        }
    }

    func fileEntry(_ summary: [String: Any], _ path: String) -> [String: Any]? {
        (summary["files"] as? [[String: Any]])?.first { $0["path"] as? String == path }
    }

    static let metaCSV = HeaderMapTests.header + "\n"
        + "111_222,Acme,,\"Donate today, please\",01/15/2024 09:03,https://www.facebook.com/111/posts/222,10,3,2,\"1,234\",15\n"
        + "111_223,Acme,,Thank you volunteers!,02/15/2024 09:03,https://www.facebook.com/111/posts/223,7,1,0,500,8\n"

    func testAReportFromATwitterArchiveAMastodonArchiveAndAMappedCSV() throws {
        let dir = try Tier2Folder()
        try dir.write("organizations.csv", "handle,name,sector\ngoodcause,Good Cause,nonprofit\nalice,Alice,other\nacme,Acme,commercial\n")
        try dir.write("exports/twitter-2024.zip", data: try ArchiveDiscoveryTests.twitterArchive())
        let actor = "{ \"id\": \"https://h.example/users/alice\", \"type\": \"Person\", \"preferredUsername\": \"alice\" }"
        let items = [
            "{ \"id\": \"https://h.example/users/alice/statuses/1/activity\", \"type\": \"Create\", \"actor\": \"https://h.example/users/alice\", "
                + "\"object\": { \"id\": \"https://h.example/users/alice/statuses/1\", \"type\": \"Note\", \"published\": \"2024-01-02T10:00:00Z\", "
                + "\"attributedTo\": \"https://h.example/users/alice\", \"content\": \"<p>hello</p>\" } }",
            MastodonOutboxReaderTests.announce("2", object: "https://other.example/users/bob/statuses/9")
                .replacingOccurrences(of: MastodonOutboxReaderTests.user, with: "https://h.example/users/alice"),
        ]
        try dir.write("exports/mastodon.zip", data: try zipFoundationArchive([
            ("actor.json", Array(actor.utf8)), ("outbox.json", Array(MastodonOutboxReaderTests.outbox(items).utf8))]))
        try dir.write("exports/acme/meta-posts.csv", Self.metaCSV)
        try dir.write("map.yaml", HeaderMapTests.metaLike)

        let run = try self.run(["report", "exports", "--registry", "organizations.csv", "--out", "out", "--map", "map.yaml"], in: dir)
        XCTAssertEqual(run.status, 0, run.stderr)
        let summary = try summary(dir)
        checkAddsUp(summary)
        XCTAssertEqual(Self.int(summary["totals"], "posts"), 3 + 2 + 2)
        XCTAssertEqual(Self.int(summary["totals"], "rejects"), 0)
        XCTAssertEqual(fileEntry(summary, "twitter-2024.zip/data/tweets.js")?["org"] as? String, "goodcause")
        XCTAssertEqual(fileEntry(summary, "twitter-2024.zip/data/tweets.js")?["format"] as? String, "tweets-js")
        XCTAssertEqual(fileEntry(summary, "mastodon.zip/outbox.json")?["org"] as? String, "alice")
        XCTAssertEqual(fileEntry(summary, "acme/meta-posts.csv")?["format"] as? String, "mapped-csv")
        let organizations = try String(contentsOf: dir.url.appendingPathComponent("out/organizations.csv"), encoding: .utf8)
        for handle in ["goodcause", "alice", "acme"] {
            XCTAssertTrue(organizations.contains("\n\(handle),"), organizations)
        }
    }

    func testBadTier2InputBecomesRejectsAndSkippedFilesNotACrash() throws {
        let dir = try Tier2Folder()
        try dir.write("organizations.csv", "handle,name,sector\nacme,Acme,commercial\n")
        // A healthy file beside the bad ones.
        try dir.write("exports/acme/good.js", TweetsJSReaderTests.part([TweetsJSReaderTests.tweet("1", "fine")]))
        // A truncated zip.
        let archive = try ArchiveDiscoveryTests.twitterArchive()
        try dir.write("exports/acme/cut.zip", data: archive.prefix(archive.count / 2))
        // A zip entry that claims a huge size.
        var bomb = HandZip()
        bomb.zip64 = true
        bomb.entries = [.init(name: "big.csv", bytes: Array(repeating: 65, count: 500), declaredSize: 1 << 41,
                              declaredCompressedSize: 500, method: 8)]
        try dir.write("exports/acme/bomb.zip", data: Data(bomb.build()))
        // tweets.js without `=`, and one whose JSON ends early.
        try dir.write("exports/acme/noequals.js", "window.YTD.tweets.part0 [" + TweetsJSReaderTests.tweet("2", "read anyway") + "]")
        let early = TweetsJSReaderTests.part([TweetsJSReaderTests.tweet("3", "kept"), TweetsJSReaderTests.tweet("4", "cut")])
        try dir.write("exports/acme/early.js", String(early.prefix(early.count - 60)))
        // An outbox with an unknown activity type.
        let outbox = MastodonOutboxReaderTests.outbox([
            MastodonOutboxReaderTests.create("5", content: "<p>ok</p>"),
            "{ \"id\": \"https://indieweb.social/users/dealingwith/statuses/6/activity\", \"type\": \"Flag\", \"object\": \"x\" }",
        ])
        try dir.write("exports/acme/outbox.json", outbox)
        // A CSV for the map that lacks a mapped column.
        try dir.write("exports/acme/meta.csv", "Post ID,Title,Description,Publish time,Permalink,Comments,Shares\n1,a,b,01/15/2024 09:03,x,1,1\n")
        try dir.write("map.yaml", HeaderMapTests.metaLike)

        let run = try self.run(["report", "exports", "--registry", "organizations.csv", "--out", "out", "--map", "map.yaml",
                                "--max-reject-rate", "1"], in: dir)
        XCTAssertEqual(run.status, 0, run.stderr)
        let summary = try summary(dir)
        checkAddsUp(summary)
        let skipped = (summary["skipped"] as? [[String: Any]] ?? []).map { "\($0["path"] ?? ""): \($0["reason"] ?? "")" }
        XCTAssertTrue(skipped.contains("acme/cut.zip: not a readable zip archive: no end-of-central-directory record (the archive is truncated, or not a zip)"), "\(skipped)")
        XCTAssertTrue(skipped.contains { $0.hasPrefix("acme/bomb.zip/big.csv: zip entry claims 2199023255552 bytes") }, "\(skipped)")
        XCTAssertEqual(Self.int(fileEntry(summary, "acme/good.js"), "posts"), 1)
        XCTAssertEqual(Self.int(fileEntry(summary, "acme/noequals.js"), "posts"), 1)
        XCTAssertEqual(Self.int(fileEntry(summary, "acme/noequals.js"), "warnings"), 1)
        XCTAssertEqual(Self.int(fileEntry(summary, "acme/early.js"), "posts"), 1)
        XCTAssertEqual(Self.int(fileEntry(summary, "acme/early.js"), "rejects"), 1)
        XCTAssertEqual(Self.int(fileEntry(summary, "acme/outbox.json"), "rejects"), 1)
        XCTAssertEqual(Self.int(fileEntry(summary, "acme/meta.csv"), "rejects"), 1)
        let rejects = try String(contentsOf: dir.url.appendingPathComponent("out/rejects.csv"), encoding: .utf8)
        XCTAssertTrue(rejects.contains("missing column `Reactions` named by the header map map.yaml"), rejects)
        XCTAssertTrue(rejects.contains("unknown activity type `Flag`"), rejects)
        XCTAssertTrue(rejects.contains("acme/early.js"), rejects)
        XCTAssertTrue(run.stderr.contains("acme/cut.zip: skipped: not a readable zip archive"), run.stderr)
    }

    func testInspectWithAMapAndABadMap() throws {
        let dir = try Tier2Folder()
        try dir.write("acme/meta-posts.csv", Self.metaCSV)
        try dir.write("map.yaml", HeaderMapTests.metaLike)
        let ok = try run(["inspect", "acme/meta-posts.csv", "--map", "map.yaml"], in: dir)
        XCTAssertEqual(ok.status, 0, ok.stderr)
        XCTAssertTrue(ok.stdout.contains("format: mapped-csv"), ok.stdout)
        XCTAssertTrue(ok.stdout.contains("records: 2 = 2 posts + 0 duplicates + 0 rejects"), ok.stdout)
        XCTAssertTrue(ok.stdout.contains("post 111_222 @acme 2024-01-15T14:03:00Z"), ok.stdout)

        try dir.write("bad.yaml", "columns:\n  id: Post ID\n  created: Publish time\n  likes: Reactions\ntime:\n  format: MM/dd/yyyy HH:mm\n")
        let bad = try run(["inspect", "acme/meta-posts.csv", "--map", "bad.yaml"], in: dir)
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stderr.contains("bad.yaml:5: header map: `time.zone` is required"), bad.stderr)

        try dir.write("organizations.csv", "handle,name,sector\nacme,Acme,commercial\n")
        let report = try run(["report", "acme", "--registry", "organizations.csv", "--out", "out", "--map", "missing.yaml"], in: dir)
        XCTAssertEqual(report.status, 1)
        XCTAssertTrue(report.stderr.contains("missing.yaml: header map: cannot read"), report.stderr)
    }

    func testInspectAnArchiveZip() throws {
        let dir = try Tier2Folder()
        try dir.write("twitter.zip", data: try ArchiveDiscoveryTests.twitterArchive())
        let run = try run(["inspect", "twitter.zip"], in: dir)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("== twitter.zip/data/tweets.js\n  format: tweets-js\n  organization: goodcause"), run.stdout)
        XCTAssertTrue(run.stdout.contains("== twitter.zip\n  skipped: entries of this archive that hold no posts, not read: 6"), run.stdout)
    }
}
