import XCTest
@testable import EarshotCore

/// metrics.md section 1: a Mastodon status URL may name a remote account, `/@<x>@<server>/<n>`.
final class RemoteStatusURLTests: XCTestCase {
    func testRemoteAccountsInMastodonStatusURLs() {
        XCTAssertEqual(StatusURL.parse("https://mastodon.social/@RedCross@redcross.social/11223344"),
                       StatusURL(user: "redcross", id: "11223344"))
        XCTAssertEqual(StatusURL.parse("https://www.mastodon.social/@ada@tech.example:8443/9?x=1#f"), StatusURL(user: "ada", id: "9"))
        // The same rules over characters, for a link with non-ASCII text after the id.
        XCTAssertEqual(StatusURL.parse("https://mastodon.social/@ada@tech.example/9#é"), StatusURL(user: "ada", id: "9"))
        for bad in ["https://mastodon.social/@ada@/9", "https://mastodon.social/@@srv/9", "https://mastodon.social/@a@b@c/9",
                    "https://mastodon.social/@ada@srv/x9", "https://m.s/@ada@srv/9é/x"] {
            XCTAssertNil(StatusURL.parse(bad), bad)
        }
        XCTAssertNil(StatusURL.parse("https://mastodon.social/@ada@tech.example/9", mastodon: false))
        // Twitter hosts never read the Mastodon form.
        XCTAssertNil(StatusURL.parse("https://twitter.com/@ada@srv/9"))
    }

    func testAQuoteOfARemoteAccountInAMastodonPost() {
        let post = Post(org: "acme", id: "100", created: 0, text: "see", format: .mastodon,
                        expandedURLs: ["https://mastodon.social/@ada@tech.example/42"])
        let resolved = PostKindResolver.resolve(post, org: "acme", urls: post.expandedURLs!)
        XCTAssertEqual(resolved.kind, .quote)
        XCTAssertEqual(resolved.target, "ada")
    }
}
