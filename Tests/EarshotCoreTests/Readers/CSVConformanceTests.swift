import XCTest
@testable import EarshotCore
import EarshotTestSupport

/// The CSV readers against the real exports in the shared spec (read-only, never copied).
final class CSVConformanceTests: XCTestCase {
    /// `../shared/spec/conformance/` next to the repository.
    func conformanceFile(_ name: String, test: String = #function) throws -> [UInt8] {
        let path = try requireConformance(name, test: test)
        guard let data = FileManager.default.contents(atPath: path) else { throw XCTSkip("cannot read \(path)") }
        return Array(data)
    }

    func testLegacyArchiveLayoutA() throws {
        let bytes = try conformanceFile("legacy-archive-layoutA_tweets.csv")
        let file = ExportFile(path: "boca/tweets.csv", orgFromPath: "boca")
        let out = try readExport({ LegacyArchiveReader(bufferSize: $0) }, bytes, file: file)
        // 49 rows: 34 with 9 fields, 15 ragged ones with 8 (no expanded_urls): all are posts.
        XCTAssertEqual(out.posts.count, 49)
        XCTAssertEqual(out.rejects, [])
        XCTAssertEqual(out.warnings, [])
        XCTAssertEqual(out.posts.filter { $0.expandedURLs == nil }.count, 15)
        XCTAssertEqual(out.posts.first?.id, "315980547291758592")
        XCTAssertEqual(out.posts.first?.created, 1_364_170_607)
        XCTAssertEqual(out.posts.first?.expandedURLs, ["http://bit.ly/XxFQKp"])
        XCTAssertEqual(out.posts.last?.id, "269280183847100416")
        XCTAssertEqual(out.posts.last?.created, 1_353_036_373)
        XCTAssertEqual(out.postLines.first, 2)
        // One text spans three lines (`...1962\n\nhttp://t.co/M8LjaA4c`), so the last of the 49
        // records starts on line 52, not 50.
        XCTAssertEqual(out.postLines.last, 52)
        XCTAssertEqual(out.posts.filter { $0.text.contains("1962\n\nhttp://t.co/M8LjaA4c") }.count, 1)
        // 5 native retweets, 2 replies (one with only the user id).
        let reposts = out.posts.compactMap { post -> String? in
            if case let .repost(target)? = post.marker { return target ?? "?" }
            return nil
        }
        XCTAssertEqual(reposts, ["gizmodoes", "bocajrsoficial", "bocajrsoficial", "historiadeboca", "varskysports"])
        XCTAssertEqual(out.posts.filter { $0.marker == .reply(target: nil) }.map(\.id),
                       ["296462478508961792", "269489009955319809"])
        XCTAssertTrue(out.posts.allSatisfy { $0.org == "boca" && $0.likes == nil && $0.reposts == nil })
    }

    func testTwarc2Brexit() throws {
        let bytes = try conformanceFile("twarc2_brexit.csv")
        let out = try readExport({ Twarc2Reader(bufferSize: $0) }, bytes, file: ExportFile(path: "twarc2_brexit.csv"))
        XCTAssertEqual(out.posts.count, 100)
        XCTAssertEqual(Set(out.posts.map(\.org)).count, 98)
        XCTAssertEqual(out.rejects, [])
        XCTAssertEqual(out.warnings, [])
        var kinds: [String: Int] = [:]
        for post in out.posts {
            switch post.marker {
            case .repost?: kinds["repost", default: 0] += 1
            case .reply?: kinds["reply", default: 0] += 1
            case .quote?: kinds["quote", default: 0] += 1
            case nil: kinds["none", default: 0] += 1
            }
        }
        XCTAssertEqual(kinds, ["repost": 67, "reply": 10, "quote": 11, "none": 12])
        XCTAssertFalse(out.posts.contains { $0.text.contains("\\n") }, "every \\n is a newline again")
        XCTAssertFalse(out.posts.contains { $0.text.contains("&amp;") || $0.text.contains("&gt;") })
        XCTAssertTrue(out.posts.allSatisfy { $0.impressions == nil && $0.likes != nil && $0.authorFollowers != nil })
        let first = try XCTUnwrap(out.posts.first)
        XCTAssertEqual(first.id, "1440716895355764743")
        XCTAssertEqual(first.org, "warmongerhodges")
        XCTAssertEqual(first.created, 1_632_328_649)
        XCTAssertEqual(first.hashtags, ["PeoplesVote", "Brexit"])
        XCTAssertEqual(first.authorFollowers, 34920)
        XCTAssertTrue(first.text.hasSuffix("choose the next Labour leader.\n\nTypical \"centrists\". No principles."))
    }

    func testTwarc2QuotedEdit() throws {
        // One reply to @wongmjane that also quotes one of her posts (an edited tweet).
        let bytes = try conformanceFile("twarc2_quoted_edit.csv")
        let out = try readExport({ Twarc2Reader(bufferSize: $0) }, bytes, file: ExportFile(path: "q.csv"))
        XCTAssertEqual(out.rejects, [])
        XCTAssertEqual(out.warnings, [])
        let post = try XCTUnwrap(out.posts.first)
        XCTAssertEqual(out.posts.count, 1)
        XCTAssertEqual(post.org, "dappdavid99")
        XCTAssertEqual(post.id, "1576995594388000768")
        XCTAssertEqual(post.created, 1_664_820_023)
        XCTAssertEqual(post.text, "@wongmjane Test \nhttps://t.co/rBFwqjVr6B")
        XCTAssertEqual(post.marker, .reply(target: "wongmjane"))
        XCTAssertEqual(post.mentions, ["wongmjane"])
        XCTAssertEqual(post.expandedURLs, ["https://twitter.com/wongmjane/status/1576994746135764992"])
        XCTAssertEqual(post.hashtags, [])
        XCTAssertEqual(post.likes, 1)
        XCTAssertEqual(post.replies, 1)
        XCTAssertEqual(post.reposts, 0)
        XCTAssertEqual(post.quotes, 0)
        XCTAssertNil(post.impressions)
        XCTAssertEqual(post.authorFollowers, 107)
    }
}
