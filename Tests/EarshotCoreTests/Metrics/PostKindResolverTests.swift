import XCTest
@testable import EarshotCore

final class PostKindResolverTests: XCTestCase {
    private func kind(_ p: Post, org: String = "redcross") -> (PostKind, String?) {
        let urls = p.expandedURLs ?? TextScanner.urls(in: p.text)
        let resolved = PostKindResolver.resolve(p, org: org, urls: urls)
        return (resolved.kind, resolved.target)
    }

    private func assertKind(_ p: Post, _ expected: PostKind, _ target: String?, file: StaticString = #filePath, line: UInt = #line) {
        let (k, t) = kind(p)
        XCTAssertEqual(k, expected, file: file, line: line)
        XCTAssertEqual(t, target, file: file, line: line)
    }

    func testTextRetweetIsRepostOfItsAuthor() {
        assertKind(post("1", "  RT @UNICEF: children first"), .repost, "unicef")
        assertKind(post("1", "RT @redcross: our own news"), .repost, "redcross")
        assertKind(post("1", "RT @unicef no colon"), .original, nil)
    }

    func testStructuralRepostTakesTargetFromTextWhenMarkerHasNone() {
        assertKind(post("1", "RT @WHO: wash hands", marker: .repost(target: nil)), .repost, "who")
        assertKind(post("1", "boosted", marker: .repost(target: "@Alice")), .repost, "alice")
        assertKind(post("1", "", marker: .repost(target: nil)), .repost, nil)
    }

    func testReplyMarkerMakesReplyOrThread() {
        assertKind(post("1", "@bob thanks", marker: .reply(target: "Bob")), .reply, "bob")
        assertKind(post("1", "(2/3) more", marker: .reply(target: "redcross")), .thread, "redcross")
        // Unknown target: the first mention at the start of the text.
        assertKind(post("1", " @RedCross continued", marker: .reply(target: nil)), .thread, "redcross")
        assertKind(post("1", "@carol hi", marker: .reply(target: nil)), .reply, "carol")
        // Still unknown: stays a reply.
        assertKind(post("1", "no mention here", marker: .reply(target: nil)), .reply, nil)
        // The marker beats the text: a reply whose text looks like a retweet.
        assertKind(post("1", "RT @x: hm", marker: .reply(target: "y")), .reply, "y")
    }

    func testLeadingMentionIsAReplyOnlyInFormatsWithoutReplyMarkers() {
        assertKind(post("1", "@bob see you", format: .analytics), .reply, "bob")
        assertKind(post("1", "  @redcross part two", format: .rss), .thread, "redcross")
        assertKind(post("1", ".@bob is great", format: .analytics), .original, nil)
        assertKind(post("1", "@bob see you", format: .twarc2), .original, nil)
    }

    func testStatusURLOfAnotherAccountIsAQuote() {
        assertKind(post("5", "look", urls: ["https://twitter.com/WHO/status/123"]), .quote, "who")
        assertKind(post("5", "look", urls: ["https://mobile.twitter.com/who/statuses/123/photo/1"]), .quote, "who")
        assertKind(post("5", "look", urls: ["http://www.x.com/who/status/123?s=20#frag"]), .quote, "who")
        assertKind(post("5", "look", urls: ["http://twitter.com/#!/who/status/123"]), .quote, "who")
        assertKind(post("5", "look https://t.co/a www.twitter.com/who/status/9."), .quote, "who")
        // The organization's own status, or the post's own media link: not quotes.
        assertKind(post("5", "look", urls: ["https://twitter.com/redcross/status/123"]), .original, nil)
        assertKind(post("5", "look", urls: ["https://twitter.com/someone/status/5/photo/1"]), .original, nil)
        assertKind(post("5", "look", urls: ["https://twitter.com/who/likes/123"]), .original, nil)
    }

    func testMastodonStatusURLsCountOnlyForMastodonPosts() {
        let url = ["https://mastodon.social/@Gargron/109"]
        assertKind(post("5", "look", format: .mastodon, urls: url), .quote, "gargron")
        assertKind(post("5", "look", format: .mastodon, urls: ["https://h.org/users/ann/statuses/7"]), .quote, "ann")
        assertKind(post("5", "look", format: .twarc2, urls: url), .original, nil)
    }

    func testQuoteMarker() {
        assertKind(post("1", "so true", marker: .quote(target: "WHO")), .quote, "who")
        assertKind(post("1", "as we said", marker: .quote(target: "redcross")), .original, nil)
        assertKind(post("1", "x", urls: ["https://twitter.com/redcross/status/1/photo/1", "https://twitter.com/ann/status/2"],
                        marker: .quote(target: nil)), .quote, "ann")
        assertKind(post("1", "x", urls: ["https://twitter.com/RedCross/status/2"], marker: .quote(target: nil)), .original, nil)
        assertKind(post("1", "x", urls: [], marker: .quote(target: nil)), .quote, nil)
    }

    func testOrderRepostBeforeReplyBeforeQuote() {
        assertKind(post("1", "RT @a: @b x", format: .analytics), .repost, "a")
        assertKind(post("1", "@b https://twitter.com/c/status/3", format: .analytics), .reply, "b")
        assertKind(post("1", "hi", urls: ["https://twitter.com/c/status/3"], marker: .reply(target: "b")), .reply, "b")
    }
}
