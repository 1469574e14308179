import Foundation
import XCTest
@testable import EarshotCore
import EarshotTestSupport

/// The real API v1 XML files of the specification (`../shared/spec/conformance` from the
/// repository root). Expected values were read off the files by hand (`grep -c '<status>'`, and
/// the elements of each status).
final class XMLConformanceTests: XCTestCase {
    func conformanceFile(_ name: String, test: String = #function) throws -> String {
        try requireConformance(name, test: test)
    }

    func read(_ name: String) throws -> XMLReadResult {
        let path = try conformanceFile(name)
        let result = readXML(APIv1XMLReader(), source: try FileSource(path: path), file: ExportFile(path: path, displayPath: name))
        XCTAssertNil(result.error)
        return result
    }

    func testUserTimeline() throws {
        let result = try read("api-v1_user_timeline.xml")
        XCTAssertEqual(result.posts.count, 17, "grep -c '<status>' gives 17")
        XCTAssertTrue(result.rejects.isEmpty)
        XCTAssertTrue(result.warnings.isEmpty)
        XCTAssertEqual(Set(result.posts.map(\.org)), ["sferik"])
        XCTAssertEqual(result.posts.filter { if case .reply = $0.marker { return true } else { return false } }.count, 11,
                       "11 statuses have an in_reply_to_status_id")
        XCTAssertEqual(result.posts.filter { $0.marker == nil }.count, 6)
        XCTAssertTrue(result.posts.allSatisfy { $0.reposts == nil }, "every retweet_count is empty")
        XCTAssertTrue(result.posts.allSatisfy { $0.expandedURLs == nil }, "no <entities>")
        let first = result.posts[0]
        XCTAssertEqual(first.id, "28416898759")
        XCTAssertEqual(first.created, utc(2010, 10, 22, 15, 50, 35))
        XCTAssertEqual(first.marker, .reply(target: "chriskottom"))
        XCTAssertEqual(first.authorFollowers, 899)
        XCTAssertEqual(result.lines[0], 3)
        XCTAssertEqual(result.lines[1], 54, "the second <status> start tag")
        let star = result.posts.first { $0.id == "27900704553" }
        XCTAssertEqual(star?.text, "@gruber it's hard to imagine the Yankees winning the series, having to go through Cliff Lee in a potential game 7. Time to bring the ✪ back?")
        XCTAssertTrue(result.posts.contains { $0.text.contains("9 °C weather") }, "&#176; is a degree sign")
        XCTAssertEqual(result.posts.last?.id, "27899716022")
    }

    func testRetweet() throws {
        let result = try read("api-v1_retweet.xml")
        XCTAssertEqual(result.posts.count, 1, "the nested retweeted_status is not a second post")
        let post = result.posts[0]
        XCTAssertEqual(post.id, "28669560363")
        XCTAssertEqual(post.org, "sferik")
        XCTAssertEqual(post.created, utc(2010, 10, 25, 7, 39, 31))
        XCTAssertEqual(post.marker, .repost(target: "gruber"))
        XCTAssertEqual(post.repostedText, "As for the Series, I'm for the Giants. Fuck Texas, fuck Nolan Ryan, fuck George Bush.")
        XCTAssertNil(post.reposts)
        XCTAssertEqual(post.authorFollowers, 898)
        XCTAssertEqual(result.lines, [2])
    }

    func testStatusWithMedia() throws {
        let result = try read("api-v1_status_with_media.xml")
        XCTAssertEqual(result.posts.count, 1)
        let post = result.posts[0]
        XCTAssertEqual(post.id, "108023089715089408")
        XCTAssertEqual(post.org, "anno")
        XCTAssertEqual(post.created, utc(2011, 8, 29, 3, 48, 6))
        XCTAssertEqual(post.text, "You always have options http://t.co/CBYa7Ri")
        XCTAssertEqual(post.reposts, 0)
        XCTAssertEqual(post.authorFollowers, 396)
        XCTAssertEqual(post.expandedURLs, [], "<urls/> is empty; the photo is under <media>")
        XCTAssertEqual(post.mentions, [])
        XCTAssertEqual(post.hashtags, [])
        XCTAssertNil(post.marker)
    }
}
