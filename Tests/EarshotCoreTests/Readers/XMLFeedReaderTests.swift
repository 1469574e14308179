import Foundation
import XCTest
@testable import EarshotCore

/// RSS (Twitter, Mastodon, Nitter) and Atom timelines on small fixtures of our own.
final class XMLFeedReaderTests: ScratchTestCase {
    let reader = FeedReader()

    let twitterRSS = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:twitter="http://api.twitter.com">
          <channel>
            <title>Twitter / RedCross</title>
            <link>http://twitter.com/RedCross</link>
            <atom:link type="application/rss+xml" href="http://twitter.com/statuses/user_timeline/123.rss" rel="self"/>
            <item>
              <title>RedCross: Give &amp;amp; help &amp;lt;3 http://bit.ly/x</title>
              <description>RedCross: Give &amp;amp; help &amp;lt;3 http://bit.ly/x</description>
              <pubDate>Mon, 19 Apr 2010 19:44:33 +0000</pubDate>
              <guid>http://twitter.com/RedCross/statuses/12345</guid>
              <link>http://twitter.com/RedCross/statuses/12345</link>
              <twitter:source>web</twitter:source>
            </item>
            <item>
              <title>RedCross: @bob thanks!</title>
              <description>RedCross: @bob thanks!</description>
              <pubDate>Tue, 20 Apr 2010 08:00:00 GMT</pubDate>
              <guid>http://twitter.com/RedCross/statuses/12346</guid>
            </item>
            <item>
              <title>RedCross: x</title><pubDate>soon</pubDate><guid>http://twitter.com/RedCross/statuses/9</guid>
            </item>
          </channel>
        </rss>
        """

    func testTwitterRSS() {
        let result = readXML(reader, twitterRSS)
        XCTAssertNil(result.error)
        XCTAssertEqual(result.posts.map(\.id), ["12345", "12346"])
        XCTAssertEqual(result.posts.map(\.org), ["redcross", "redcross"])
        XCTAssertEqual(result.posts.map(\.text), ["Give & help <3 http://bit.ly/x", "@bob thanks!"],
                       "prefix stripped, entities decoded once")
        XCTAssertEqual(result.posts.map(\.created), [utc(2010, 4, 19, 19, 44, 33), utc(2010, 4, 20, 8, 0, 0)])
        XCTAssertEqual(result.lines, [7, 15])
        XCTAssertEqual(result.rejects.map(\.reason), ["bad timestamp"])
        XCTAssertEqual(result.rejects.first?.line, 21)
        for post in result.posts {
            XCTAssertTrue(post.textReplyAllowed, "feeds have no reply marker")
            XCTAssertEqual(post.sources, [.rss])
            XCTAssertNil(post.marker)
            XCTAssertNil(post.expandedURLs, "plain text: URLs come from the text")
            XCTAssertNil(post.hashtags)
            XCTAssertNil(post.mentions)
            XCTAssertNil(post.likes)
            XCTAssertNil(post.reposts)
            XCTAssertNil(post.replies)
            XCTAssertNil(post.impressions)
        }
    }

    func testMastodonRSS() {
        let rss = """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0" xmlns:webfeeds="http://webfeeds.org/rss/1.0" xmlns:media="http://search.yahoo.com/mrss/">
              <channel>
                <title>City Parks</title>
                <description>Public posts from @Parks@social.example</description>
                <link>https://social.example/@Parks</link>
                <image><url>https://social.example/a.png</url><title>City Parks</title><link>https://social.example/@Other</link></image>
                <generator>Mastodon v4.2.0</generator>
                <item>
                  <guid isPermaLink="true">https://social.example/@Parks/111434458765786383</guid>
                  <link>https://social.example/@Parks/111434458765786383</link>
                  <pubDate>Sun, 19 Nov 2023 09:37:20 +0000</pubDate>
                  <description>&lt;p&gt;Trail &amp;amp; lake day with &lt;span class="h-card"&gt;&lt;a href="https://social.example/@bob" class="u-url mention"&gt;@&lt;span&gt;bob&lt;/span&gt;&lt;/a&gt;&lt;/span&gt;&lt;/p&gt;&lt;p&gt;Map: &lt;a href="https://parks.example/map?a=1&amp;amp;b=2" rel="nofollow"&gt;&lt;span class="invisible"&gt;https://&lt;/span&gt;parks.example/map&lt;/a&gt; &lt;a href="https://social.example/tags/Outdoors" class="mention hashtag" rel="tag"&gt;#&lt;span&gt;Outdoors&lt;/span&gt;&lt;/a&gt;&lt;/p&gt;</description>
                  <media:content url="https://social.example/m/1.jpg" type="image/jpeg" medium="image">
                    <media:description type="plain">A lake</media:description>
                  </media:content>
                  <category>Outdoors</category>
                  <category>lakes</category>
                </item>
                <item>
                  <guid isPermaLink="true">https://social.example/@Parks/111434458765786999</guid>
                  <pubDate>Mon, 20 Nov 2023 09:00:00 +0000</pubDate>
                  <description>&lt;p&gt;No links here&lt;/p&gt;</description>
                </item>
              </channel>
            </rss>
            """
        let result = readXML(reader, rss)
        XCTAssertNil(result.error)
        XCTAssertTrue(result.rejects.isEmpty)
        XCTAssertEqual(result.posts.map(\.id), ["111434458765786383", "111434458765786999"])
        XCTAssertEqual(result.posts.map(\.org), ["parks", "parks"], "the channel's link, not the image's")
        let first = result.posts[0]
        XCTAssertEqual(first.text, "Trail & lake day with @bob\n\nMap: https://parks.example/map #Outdoors")
        XCTAssertEqual(first.expandedURLs ?? [], ["https://parks.example/map?a=1&b=2"], "mention and hashtag anchors are not links")
        XCTAssertEqual(first.hashtags ?? [], ["Outdoors", "lakes"])
        XCTAssertEqual(first.created, utc(2023, 11, 19, 9, 37, 20))
        XCTAssertEqual(result.posts[1].text, "No links here")
        XCTAssertEqual(result.posts[1].expandedURLs, [], "HTML body: its links are known to be none")
        XCTAssertNil(result.posts[1].hashtags, "no category: hashtags come from the text")
    }

    let nitterRSS = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/" version="2.0">
          <channel>
            <atom:link href="https://nitter.example/parks/rss" rel="self" type="application/rss+xml" />
            <title>City Parks / @parks</title>
            <link>https://nitter.example/parks</link>
            <item>
              <title>RT by @parks: Great trail day</title>
              <dc:creator>@Hiker</dc:creator>
              <description><![CDATA[<p>Great trail day <a href="https://trails.example/x">trails.example/x</a></p><img src="https://nitter.example/pic/1.jpg" />]]></description>
              <pubDate>Mon, 02 Jan 2023 10:00:00 GMT</pubDate>
              <guid>https://nitter.example/Hiker/status/1609871234567890123#m</guid>
              <link>https://nitter.example/Hiker/status/1609871234567890123#m</link>
            </item>
            <item>
              <title>Pinned: Welcome to our feed</title>
              <dc:creator>@parks</dc:creator>
              <description><![CDATA[<p>Welcome to our feed</p>]]></description>
              <pubDate>Mon, 02 Jan 2023 11:00:00 GMT</pubDate>
              <link>https://nitter.example/parks/status/78#m</link>
            </item>
            <item>
              <title>RT: Old style repost</title>
              <dc:creator>@walker</dc:creator>
              <pubDate>Mon, 02 Jan 2023 12:00:00 GMT</pubDate>
              <link>https://nitter.example/walker/status/79#m</link>
            </item>
          </channel>
        </rss>
        """

    func testNitterRSS() {
        let result = readXML(reader, nitterRSS)
        XCTAssertNil(result.error)
        XCTAssertEqual(result.posts.map(\.id), ["1609871234567890123", "78", "79"])
        XCTAssertEqual(result.posts.map(\.org), ["parks", "parks", "parks"], "a repost belongs to the feed's account")
        XCTAssertEqual(result.posts.map(\.marker), [.repost(target: "hiker"), nil, .repost(target: "walker")])
        XCTAssertEqual(result.posts.map(\.text), ["Great trail day trails.example/x", "Welcome to our feed", "Old style repost"])
        XCTAssertEqual(result.posts.map(\.repostedText), ["Great trail day trails.example/x", nil, "Old style repost"])
        XCTAssertEqual(result.posts[0].expandedURLs ?? [], ["https://trails.example/x"])
        XCTAssertNil(result.posts[2].expandedURLs, "no description: the title's text")
    }

    func testNitterWithoutChannelLinkUsesTheReposterAndTheCreator() {
        let rss = nitterRSS.replacingOccurrences(of: "<link>https://nitter.example/parks</link>", with: "")
        XCTAssertEqual(readXML(reader, rss).posts.map(\.org), ["parks", "parks", "parks"],
                       "RT by @parks names the reposter; an old `RT: ` item names only the original author, "
                       + "so it takes the account found in the feed before it")
        let alone = rss.replacingOccurrences(of: "RT by @parks: ", with: "RT: ")
            .replacingOccurrences(of: "<dc:creator>@parks</dc:creator>", with: "")
        let result = readXML(reader, alone)
        XCTAssertEqual(result.posts.map(\.id), ["78", "79"])
        XCTAssertEqual(result.posts.map(\.org), ["parks", "parks"],
                       "the pinned post's link names the account, which the later repost takes")
        XCTAssertEqual(result.rejects.map(\.reason), ["unknown organization"],
                       "a repost before any account is known is never the original author's")
        XCTAssertEqual(readXML(reader, alone, folder: "CityParks").posts.map(\.org), ["cityparks", "parks", "parks"])
    }

    func testAtom() {
        let atom = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/">
              <id>https://social.example/users/civic.atom</id>
              <title>Civic</title>
              <link rel="self" href="https://social.example/users/civic.atom"/>
              <author><name>Civic</name><uri>https://social.example/users/Civic</uri></author>
              <entry>
                <id>https://social.example/users/civic/statuses/5</id>
                <published>2023-01-02T10:00:00Z</published>
                <updated>2023-01-05T10:00:00Z</updated>
                <title>New post</title>
                <content type="html">&lt;p&gt;Hello &amp;amp; &lt;a href="https://civic.example/r"&gt;welcome&lt;/a&gt;&lt;/p&gt;</content>
                <link rel="alternate" type="text/html" href="https://social.example/@civic/5"/>
                <media:content url="https://social.example/x.jpg"/>
                <category term="civic"/>
              </entry>
              <entry>
                <id>tag:twitter.com,2007:http://twitter.com/Civic/statuses/6</id>
                <updated>2023-01-03T11:30:00+01:00</updated>
                <title>Plain &amp;amp; simple</title>
                <link rel="edit" href="https://social.example/api/6"/>
              </entry>
              <entry>
                <id>urn:uuid:1234</id><updated>2023-01-03T11:30:00Z</updated><title>No status URL</title>
              </entry>
            </feed>
            """
        let result = readXML(reader, atom)
        XCTAssertNil(result.error)
        XCTAssertEqual(result.posts.map(\.id), ["5", "6"])
        XCTAssertEqual(result.posts.map(\.org), ["civic", "civic"], "the feed author's URI names the account")
        XCTAssertEqual(result.posts.map(\.sources), [[.atom], [.atom]])
        XCTAssertEqual(result.posts.map(\.created), [utc(2023, 1, 2, 10, 0, 0), utc(2023, 1, 3, 10, 30, 0)],
                       "published first, else updated")
        XCTAssertEqual(result.posts.map(\.text), ["Hello & welcome", "Plain & simple"])
        XCTAssertEqual(result.posts[0].expandedURLs ?? [], ["https://civic.example/r"])
        XCTAssertEqual(result.posts[0].hashtags ?? [], ["civic"])
        XCTAssertNil(result.posts[1].expandedURLs)
        XCTAssertEqual(result.rejects.map(\.reason), ["missing id (no status URL in guid, link or id)"])
        XCTAssertEqual(result.rejects.first?.line, 23)
    }

    func testAtomFeedLinkBeatsAuthor() {
        let atom = """
            <feed xmlns="http://www.w3.org/2005/Atom"><author><uri>https://social.example/users/someone</uri></author>
            <link rel="alternate" href="https://social.example/@civic"/>
            <entry><updated>2023-01-02T10:00:00Z</updated><content>plain</content>
            <link href="https://social.example/@civic/7"/></entry></feed>
            """
        let post = readXML(reader, atom).posts.first
        XCTAssertEqual(post?.org, "civic")
        XCTAssertEqual(post?.id, "7", "a link without rel is the alternate link")
        XCTAssertEqual(post?.text, "plain")
    }

    func testUnknownOrganization() {
        let rss = """
            <rss version="2.0"><channel><title>Feed</title>
            <item><description>hello</description><pubDate>Mon, 02 Jan 2023 10:00:00 GMT</pubDate>
            <guid>https://blog.example/posts/42</guid></item></channel></rss>
            """
        let unknown = readXML(reader, rss)
        XCTAssertEqual(unknown.rejects.map(\.reason), ["unknown organization"])
        XCTAssertEqual(unknown.rejects.first?.line, 2)
        XCTAssertEqual(readXML(reader, rss, folder: "RedCross").posts.map(\.org), ["redcross"])
    }

    func testMalformedFeedKeepsEarlierItems() {
        let broken = twitterRSS.replacingOccurrences(of: "<title>RedCross: @bob thanks!</title>", with: "<title>RedCross: @bob thanks!</titel>")
        let result = readXML(reader, broken)
        XCTAssertEqual(result.posts.map(\.id), ["12345"])
        XCTAssertEqual((result.error as? XMLReadError)?.line, 16)
    }

    func testGzippedFeed() throws {
        let path = scratch.appendingPathComponent("feed.rss").path
        let writer = try GzipFileWriter(path: path)
        try writer.write(nitterRSS)
        try writer.close()
        let result = readXML(reader, source: try InputOpener.open(path: path), file: ExportFile(path: path))
        XCTAssertNil(result.error)
        XCTAssertEqual(result.posts.count, 3)
    }

    func testStatusLinks() {
        let cases: [(String, FeedStatusLink?)] = [
            ("http://twitter.com/RedCross/statuses/12345", FeedStatusLink(user: "redcross", id: "12345")),
            ("https://nitter.example/Hiker/status/77#m", FeedStatusLink(user: "hiker", id: "77")),
            ("https://social.example/@civic/111?x=1", FeedStatusLink(user: "civic", id: "111", isMastodon: true)),
            ("https://social.example/users/civic/statuses/5", FeedStatusLink(user: "civic", id: "5", isMastodon: true)),
            ("tag:twitter.com,2007:http://twitter.com/civic/statuses/6", FeedStatusLink(user: "civic", id: "6")),
            ("https://blog.example/posts/42", FeedStatusLink(user: nil, id: "42")),
            ("https://blog.example/posts/hello", nil),
            ("urn:uuid:1234", nil),
            ("", nil),
        ]
        for (url, expected) in cases {
            XCTAssertEqual(FeedStatusLink(url), expected, url)
        }
    }

    func testProfileURLs() {
        XCTAssertEqual(FeedReader.account(fromProfileURL: "http://twitter.com/RedCross"), "redcross")
        XCTAssertEqual(FeedReader.account(fromProfileURL: " https://social.example/@Parks "), "parks")
        XCTAssertEqual(FeedReader.account(fromProfileURL: "https://social.example/users/civic"), "civic")
        XCTAssertEqual(FeedReader.account(fromProfileURL: "https://nitter.example/parks/"), "parks")
        XCTAssertNil(FeedReader.account(fromProfileURL: "https://social.example/"))
        XCTAssertNil(FeedReader.account(fromProfileURL: "https://nitter.example/parks/rss"))
        XCTAssertNil(FeedReader.account(fromProfileURL: "not a url"))
    }
}
