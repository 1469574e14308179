import Foundation
import XCTest
@testable import EarshotCore

/// formats.md "Platforms": every post's platform from its format, header maps declaring theirs,
/// and merging keyed by (org, platform, id).
final class PlatformTests: XCTestCase {
    func testEachFormatsPlatform() {
        XCTAssertEqual(ExportFormat.legacyArchive.platform, .twitter)
        XCTAssertEqual(ExportFormat.tweetsJS.platform, .twitter)
        XCTAssertEqual(ExportFormat.mastodon.platform, .mastodon)
        XCTAssertEqual(ExportFormat.bluesky.platform, .bluesky)
        XCTAssertEqual(ExportFormat.mappedCSV.platform, .other)
        XCTAssertEqual(Post(org: "o", id: "1", created: 0, text: "", format: .apiXML).platform, .twitter)
        XCTAssertEqual(Post(org: "o", id: "1", created: 0, text: "", format: .mappedCSV, platform: .linkedin).platform, .linkedin)
    }

    func testNetworkNames() {
        XCTAssertEqual(["X", "Twitter", " x (twitter) ", "Facebook", "Instagram", "LinkedIn", "Mastodon", "Bluesky", "Threads", "TikTok", ""]
            .map { Platform.named($0) },
                       [.twitter, .twitter, .twitter, .facebook, .instagram, .linkedin, .mastodon, .bluesky, .other, .other, .other])
    }

    func testFeedsArePlatformOfTheirStatusLinks() {
        func platform(_ rss: String) -> Platform? {
            tier2Read(FeedReader(), MemorySource(rss), file: ExportFile(path: "f.rss", orgFromPath: "acme")).posts.first?.platform
        }
        let item = { (link: String) in
            "<rss version=\"2.0\"><channel><item><description>hello</description><pubDate>Mon, 19 Apr 2010 19:44:33 +0000</pubDate><guid>\(link)</guid></item></channel></rss>"
        }
        XCTAssertEqual(platform(item("https://mastodon.social/@acme/109876")), .mastodon)
        XCTAssertEqual(platform(item("https://mastodon.social/users/acme/statuses/109876")), .mastodon)
        XCTAssertEqual(platform(item("http://twitter.com/acme/statuses/12345")), .twitter)
        XCTAssertEqual(platform(item("https://nitter.net/acme/status/12345#m")), .twitter)
    }

    func testHeaderMapPlatform() throws {
        let base = """
        columns:
          id: Post ID
          created: Date
          text: Post
        time:
          format: ["yyyy-MM-dd HH:mm"]
          zone: UTC
        """
        XCTAssertEqual(try HeaderMap.parse(base, path: "m.yaml").platform, .fixed(.other))
        XCTAssertEqual(try HeaderMap.parse(base + "\nplatform: linkedin", path: "m.yaml").platform, .fixed(.linkedin))
        let perRow = try HeaderMap.parse(base + "\nplatform:\n  column: Network\n  default: facebook", path: "m.yaml")
        XCTAssertEqual(perRow.platform, .column(["Network"], optional: false, default: .facebook))
        XCTAssertThrowsError(try HeaderMap.parse(base + "\nplatform: myspace", path: "m.yaml")) { error in
            XCTAssertTrue("\(error)".contains("`platform` must be one of bluesky, facebook, instagram, linkedin, mastodon, other, twitter"), "\(error)")
        }
        let csv = "Post ID,Date,Post,Network\n1,2024-01-02 10:00,a,X\n2,2024-01-02 10:00,b,LinkedIn\n3,2024-01-02 10:00,c,\n"
        let out = tier2Read(MappedCSVReader(maps: [perRow]), MemorySource(csv), file: ExportFile(path: "p.csv", orgFromPath: "acme"))
        XCTAssertEqual(out.posts.map(\.platform), [.twitter, .linkedin, .facebook])
        // A required platform column that is missing rejects the file, naming it.
        let missing = tier2Read(MappedCSVReader(maps: [perRow]), MemorySource("Post ID,Date,Post\n1,2024-01-02 10:00,a\n"),
                                file: ExportFile(path: "p.csv", orgFromPath: "acme"))
        XCTAssertEqual(missing.posts.count, 0)
        XCTAssertTrue(missing.rejects.first?.reason.contains("`Network`") ?? false)
    }

    func testTheShippedMapsSayTheirPlatform() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../maps").standardizedFileURL
        XCTAssertEqual(try HeaderMap.load(path: root.appendingPathComponent("meta-business-suite.yaml").path).platform, .fixed(.facebook))
        XCTAssertEqual(try HeaderMap.load(path: root.appendingPathComponent("sprout-social.yaml").path).platform,
                       .column(["Network"], optional: true, default: .other))
    }

    /// The same id on two platforms of one organization is two posts; on one platform, one.
    func testPostsMergeOnlyWithinAPlatform() throws {
        let dir = try Tier2Folder()
        try dir.write("in/acme/tweets.csv", "tweet_id,in_reply_to_status_id,in_reply_to_user_id,timestamp,source,text,retweeted_status_id,retweeted_status_user_id,retweeted_status_timestamp,expanded_urls\n"
            + "555,,,2022-11-20 10:00:00 +0000,web,on twitter,,,,\n")
        try dir.write("in/acme/tweets2.csv", "tweet_id,in_reply_to_status_id,in_reply_to_user_id,timestamp,source,text,retweeted_status_id,retweeted_status_user_id,retweeted_status_timestamp,expanded_urls\n"
            + "555,,,2022-11-20 10:00:00 +0000,web,on twitter again,,,,\n")
        try dir.write("in/acme/outbox.json", """
        {"type": "OrderedCollection", "orderedItems": [{"type": "Create", "actor": "https://m.social/users/acme",
          "object": {"type": "Note", "id": "https://m.social/users/acme/statuses/555", "published": "2022-11-21T10:00:00Z",
                     "content": "<p>on mastodon</p>", "attributedTo": "https://m.social/users/acme"}}]}
        """)
        let registry = Registry([Organization(handle: "acme", sector: .nonprofit)])
        let files = try InputDiscovery(registry: registry).files(in: [dir.path + "/in"])
        let outcome = Pipeline(registry: registry, threads: 2).run(files) { _, posts in posts.map { "\($0.platform.rawValue):\($0.id):\($0.text)" } }
        XCTAssertEqual(Set(outcome.organizations.first?.result ?? []), ["mastodon:555:on mastodon", "twitter:555:on twitter"])
        XCTAssertEqual(outcome.totals.posts, 2)
        XCTAssertEqual(outcome.totals.duplicates, 1)
    }
}
