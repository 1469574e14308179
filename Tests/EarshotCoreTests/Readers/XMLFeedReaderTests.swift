import XCTest
@testable import EarshotCore

/// API v1 XML and feed readers on small fixtures of our own that show the real quirks.
final class XMLFeedReaderTests: XCTestCase {
    func events(_ reader: ExportReader, _ text: String, fallback: String? = nil) -> (posts: [Post], findings: [Finding], error: Error?) {
        var posts: [Post] = []
        var findings: [Finding] = []
        do {
            try reader.read(MemorySource(text), file: ExportFile(path: "t.xml", orgFromPath: fallback)) { event in
                switch event {
                case let .post(p, _): posts.append(p)
                case let .finding(f): findings.append(f)
                }
            }
            return (posts, findings, nil)
        } catch {
            return (posts, findings, error)
        }
    }

    let timeline = """
    <?xml version="1.0" encoding="UTF-8"?>
    <statuses type="array">
    <status>
      <id>101</id><created_at>Fri Oct 22 15:50:35 +0000 2010</created_at>
      <text>Fish &amp;amp; chips &amp;lt;3 caf&#233;</text>
      <in_reply_to_status_id></in_reply_to_status_id><in_reply_to_user_id>14</in_reply_to_user_id>
      <in_reply_to_screen_name>Bob</in_reply_to_screen_name>
      <retweet_count>100+</retweet_count><favorited>true</favorited>
      <user><screen_name>RedCross</screen_name><followers_count>899</followers_count></user>
    </status>
    <status>
      <user><followers_count>900</followers_count><screen_name>redcross</screen_name></user>
      <text>RT @gruber: original words</text><created_at>Sat Oct 23 10:00:00 +0000 2010</created_at><id>102</id>
      <retweet_count></retweet_count>
      <retweeted_status><id>55</id><text>original words</text><user><screen_name>gruber</screen_name></user></retweeted_status>
      <entities><urls><url><url>http://t.co/x</url><expanded_url>http://redcross.org/a</expanded_url></url></urls>
      <user_mentions><user_mention><screen_name>Gruber</screen_name></user_mention></user_mentions><hashtags/></entities>
    </status>
    <status><id>103</id><created_at>yesterday</created_at><text>bad</text><user><screen_name>redcross</screen_name></user></status>
    <status><created_at>Sat Oct 23 10:00:00 +0000 2010</created_at><text>no id</text></status>
    </statuses>
    """

    func testAPIv1Timeline() {
        let (posts, findings, error) = events(APIv1XMLReader(), timeline)
        XCTAssertNil(error)
        XCTAssertEqual(posts.count, 2, "the nested retweeted_status is not a second post")
        XCTAssertEqual(findings.map(\.reason), ["bad timestamp", "missing id"])
        XCTAssertEqual(posts.count + findings.count, 4, "records = posts + rejects")
        let reply = posts[0]
        XCTAssertEqual(reply.org, "redcross")
        XCTAssertEqual(reply.text, "Fish & chips <3 café", "XML escaping, then HTML entities once")
        XCTAssertEqual(reply.marker, .reply(target: "bob"))
        XCTAssertEqual(reply.reposts, 100, "`100+` is a lower bound")
        XCTAssertNil(reply.likes, "`favorited` is not a like count")
        XCTAssertNil(reply.expandedURLs, "no <entities>: URLs come from the text")
        XCTAssertEqual(reply.authorFollowers, 899)
        let repost = posts[1]
        XCTAssertEqual(repost.marker, .repost(target: "gruber"))
        XCTAssertEqual(repost.repostedText, "original words")
        XCTAssertNil(repost.reposts, "an empty retweet_count is unknown")
        XCTAssertEqual(repost.expandedURLs ?? [], ["http://redcross.org/a"])
        XCTAssertEqual(repost.mentions ?? [], ["gruber"])
        XCTAssertEqual(repost.hashtags ?? ["x"], [])
    }

    func testSingleStatusAndMalformedXMLKeepsEarlierPosts() {
        let single = "<status><id>7</id><created_at>Sun May 04 21:59:52 +0000 2008</created_at><text>hi</text></status>"
        let (posts, _, error) = events(APIv1XMLReader(), single, fallback: "cityhall")
        XCTAssertNil(error)
        XCTAssertEqual(posts.first?.org, "cityhall", "no screen_name: the folder names the organization")
        let broken = "<statuses><status><id>1</id><created_at>Sun May 04 21:59:52 +0000 2008</created_at><text>a</text><user><screen_name>a</screen_name></user></status>\n<status><id>2</text></statuses>"
        let result = events(APIv1XMLReader(), broken)
        XCTAssertEqual(result.posts.map(\.id), ["1"])
        let xmlError = result.error as? XMLReadError
        XCTAssertNotNil(xmlError)
        XCTAssertEqual(xmlError?.line, 2)
    }

    func testUnknownOrganization() {
        let single = "<status><id>7</id><created_at>Sun May 04 21:59:52 +0000 2008</created_at><text>hi</text></status>"
        XCTAssertEqual(events(APIv1XMLReader(), single).findings.map(\.reason), ["unknown organization"])
    }

    func testTwitterRSS() {
        let rss = """
        <rss version="2.0"><channel><link>http://twitter.com/RedCross</link>
        <item><title>RedCross: Give &amp;amp; help</title><description>RedCross: Give &amp;amp; help</description>
        <pubDate>Mon, 19 Apr 2010 19:44:33 +0000</pubDate><guid>http://twitter.com/RedCross/statuses/12345</guid></item>
        <item><title>RedCross: x</title><pubDate>soon</pubDate><guid>http://twitter.com/RedCross/statuses/9</guid></item>
        </channel></rss>
        """
        let (posts, findings, _) = events(FeedReader(), rss)
        XCTAssertEqual(posts.map(\.id), ["12345"])
        XCTAssertEqual(posts.first?.text, "Give & help", "prefix stripped, entities decoded once")
        XCTAssertEqual(posts.first?.org, "redcross")
        XCTAssertEqual(findings.map(\.reason), ["bad timestamp"])
        XCTAssertTrue(posts.first?.textReplyAllowed ?? false, "feeds have no reply marker")
    }

    func testMastodonAndNitterRSS() {
        let mastodon = """
        <rss><channel><link>https://mastodon.social/@civic</link><item><guid>https://mastodon.social/@civic/111</guid>
        <pubDate>Mon, 02 Jan 2023 10:00:00 +0000</pubDate>
        <description>&lt;p&gt;Read &lt;a href="https://civic.org/r"&gt;our report&lt;/a&gt;&lt;/p&gt;</description><category>Civic</category></item></channel></rss>
        """
        let m = events(FeedReader(), mastodon).posts
        XCTAssertEqual(m.first?.id, "111")
        XCTAssertEqual(m.first?.text, "Read our report")
        XCTAssertEqual(m.first?.expandedURLs ?? [], ["https://civic.org/r"])
        XCTAssertEqual(m.first?.hashtags ?? [], ["Civic"])
        let nitter = """
        <rss xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><link>https://nitter.net/parks</link>
        <item><title>RT: Great trail day</title><dc:creator>@hiker</dc:creator><description>Great trail day</description>
        <pubDate>Mon, 02 Jan 2023 10:00:00 GMT</pubDate><link>https://nitter.net/hiker/status/77#m</link></item>
        <item><title>Pinned: Welcome</title><dc:creator>@parks</dc:creator><description>Welcome</description>
        <pubDate>Mon, 02 Jan 2023 11:00:00 GMT</pubDate><link>https://nitter.net/parks/status/78#m</link></item></channel></rss>
        """
        let n = events(FeedReader(), nitter).posts
        XCTAssertEqual(n.map(\.id), ["77", "78"])
        XCTAssertEqual(n.map(\.org), ["parks", "parks"], "a repost belongs to the feed's account")
        XCTAssertEqual(n[0].marker, .repost(target: "hiker"))
        XCTAssertNil(n[1].marker)
    }

    func testAtom() {
        let atom = """
        <feed xmlns="http://www.w3.org/2005/Atom"><link rel="alternate" href="https://mastodon.social/@civic"/>
        <entry><id>tag:x</id><updated>2023-01-02T10:00:00Z</updated><title>Hello &amp; welcome</title>
        <link rel="alternate" href="https://mastodon.social/@civic/5"/></entry></feed>
        """
        let (posts, _, _) = events(FeedReader(), atom)
        XCTAssertEqual(posts.first?.id, "5")
        XCTAssertEqual(posts.first?.text, "Hello & welcome")
        XCTAssertEqual(posts.first?.sources, [.atom])
    }

    func testConformanceAPIXML() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../../shared/spec/conformance").standardized
        let timeline = folder.appendingPathComponent("api-v1_user_timeline.xml").path
        guard FileManager.default.fileExists(atPath: timeline) else { throw XCTSkip("conformance files not beside the repository") }
        var posts = 0, rejects = 0
        try APIv1XMLReader().read(FileSource(path: timeline), file: ExportFile(path: timeline)) { event in
            if case .post = event { posts += 1 } else { rejects += 1 }
        }
        XCTAssertEqual(posts, 17, "grep -c '<status>' gives 17")
        XCTAssertEqual(rejects, 0)
    }
}
