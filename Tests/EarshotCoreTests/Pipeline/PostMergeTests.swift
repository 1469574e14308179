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

    /// The URL lists are a union in order of first appearance, repeats dropped, also from a post
    /// that had none; a merged post's list is its own (copies of the post keep theirs).
    func testURLUnion() {
        var none = Post(org: "o", id: "1", created: 1, text: "", format: .analytics)
        var repeated = none
        repeated.expandedURLs = ["u1", "u1", "u2"]
        let copy = none
        none.merge(repeated)
        XCTAssertEqual(none.expandedURLs, ["u1", "u2"])
        XCTAssertNil(copy.expandedURLs)
        var empty = Post(org: "o", id: "1", created: 1, text: "", format: .analytics, expandedURLs: [])
        empty.merge(Post(org: "o", id: "1", created: 1, text: "", format: .analytics))
        XCTAssertEqual(empty.expandedURLs, [], "an empty list stays a known empty list")
        var some = Post(org: "o", id: "1", created: 1, text: "", format: .analytics, expandedURLs: ["u2"])
        let before = some
        some.merge(repeated)
        XCTAssertEqual(some.expandedURLs, ["u2", "u1"])
        XCTAssertEqual(before.expandedURLs, ["u2"])
        some.merge(repeated)
        XCTAssertEqual(some.expandedURLs, ["u2", "u1"])
    }
}
