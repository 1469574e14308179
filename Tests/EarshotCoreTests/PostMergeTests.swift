import XCTest
@testable import EarshotCore

final class PostMergeTests: XCTestCase {
    func testMergeKeepsLargerCountersAndUnionsSources() {
        var first = Post(org: "redcross", id: "1", created: 100, text: "hello", format: .legacyArchive,
                         expandedURLs: ["http://a.org/x"])
        let second = Post(org: "redcross", id: "1", created: 160, text: "hello again", format: .analytics,
                          likes: 3, reposts: 1, impressions: 40)
        var third = second
        third.likes = 2
        third.expandedURLs = ["http://a.org/x", "http://b.org/y"]
        first.merge(second)
        first.merge(third)
        XCTAssertEqual(first.likes, 3)
        XCTAssertEqual(first.reposts, 1)
        XCTAssertNil(first.replies)
        XCTAssertEqual(first.text, "hello")
        XCTAssertEqual(first.created, 100)
        XCTAssertEqual(first.expandedURLs ?? [], ["http://a.org/x", "http://b.org/y"])
        XCTAssertEqual(first.sources, [.legacyArchive, .analytics])
        XCTAssertTrue(first.textReplyAllowed)
    }
}
