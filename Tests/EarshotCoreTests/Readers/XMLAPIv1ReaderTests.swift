import Foundation
import XCTest
@testable import EarshotCore

/// API v1 XML on small fixtures of our own that show the quirks of the real files.
final class XMLAPIv1ReaderTests: ScratchTestCase {
    let reader = APIv1XMLReader()

    /// A status with the usual children; `extra` goes inside, `user` replaces the user element.
    func status(id: String = "101", created: String = "Fri Oct 22 15:50:35 +0000 2010", text: String = "hello",
                user: String = "<user><screen_name>RedCross</screen_name><followers_count>899</followers_count></user>",
                extra: String = "") -> String {
        "<status>\n  <created_at>\(created)</created_at>\n  <id>\(id)</id>\n  <text>\(text)</text>\n  \(extra)\n  \(user)\n</status>\n"
    }

    func timeline(_ statuses: String...) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<statuses type=\"array\">\n" + statuses.joined() + "</statuses>\n"
    }

    func testFieldsAreFoundByNameInAnyOrder() {
        let xml = timeline("""
            <status>
              <user><followers_count>900</followers_count><id>99</id><screen_name>RedCross</screen_name></user>
              <retweet_count>7</retweet_count>
              <text>Give blood</text><favorited>true</favorited><place><id>12345</id></place>
              <id>102</id><created_at>Sat Oct 23 10:00:00 +0000 2010</created_at>
            </status>

            """)
        let result = readXML(reader, xml)
        XCTAssertNil(result.error)
        XCTAssertEqual(result.posts.count, 1)
        let post = result.posts[0]
        XCTAssertEqual(post.org, "redcross")
        XCTAssertEqual(post.id, "102", "the id of <status>, not of <user> or <place>")
        XCTAssertEqual(post.created, utc(2010, 10, 23, 10, 0, 0))
        XCTAssertEqual(post.text, "Give blood")
        XCTAssertEqual(post.reposts, 7)
        XCTAssertNil(post.likes, "`favorited` is not a like count")
        XCTAssertNil(post.replies)
        XCTAssertEqual(post.authorFollowers, 900)
        XCTAssertNil(post.marker)
        XCTAssertEqual(post.sources, [.apiXML])
        XCTAssertFalse(post.textReplyAllowed, "API XML has reply markers")
        XCTAssertEqual(result.lines, [3])
    }

    func testEntitiesAreDecodedExactlyOnce() {
        // The file holds Twitter's HTML escaping inside XML escaping.
        let xml = timeline(status(text: "AT&amp;amp;T &amp;lt;3 caf&#233; &#10026; &amp;amp;amp; &amp;quot;q&amp;quot;"))
        XCTAssertEqual(readXML(reader, xml).posts.first?.text, "AT&T <3 café ✪ &amp; \"q\"")
    }

    func testRetweetCountForms() {
        let xml = timeline(
            status(id: "1", extra: "<retweet_count></retweet_count>"),
            status(id: "2", extra: "<retweet_count>100+</retweet_count>"),
            status(id: "3", extra: "<retweet_count>1,234</retweet_count>"),
            status(id: "4", extra: "<retweet_count>lots</retweet_count>"),
            status(id: "5"))
        let result = readXML(reader, xml)
        XCTAssertEqual(result.posts.map(\.reposts), [nil, 100, 1234, nil, nil])
        XCTAssertEqual(result.warnings.map(\.reason), ["`retweet_count` is not a count: \"lots\"; taken as unknown"])
        XCTAssertEqual(result.warnings.first?.line, result.lines[3])
        XCTAssertTrue(result.rejects.isEmpty)
    }

    func testNestedRetweetedStatusMakesARepostNotASecondPost() {
        let xml = timeline(status(id: "102", text: "RT @Gruber: original &amp;amp; words", extra: """
            <retweet_count></retweet_count>
              <retweeted_status>
                <created_at>Sun Oct 24 03:46:25 +0000 2010</created_at><id>55</id>
                <text>original &amp;amp; words</text>
                <in_reply_to_status_id>4</in_reply_to_status_id>
                <user><screen_name>Gruber</screen_name><followers_count>91398</followers_count></user>
              </retweeted_status>
            """))
        let result = readXML(reader, xml)
        XCTAssertEqual(result.posts.count, 1)
        XCTAssertTrue(result.rejects.isEmpty)
        let post = result.posts[0]
        XCTAssertEqual(post.id, "102")
        XCTAssertEqual(post.org, "redcross", "the outer user, not the original's")
        XCTAssertEqual(post.authorFollowers, 899)
        XCTAssertEqual(post.marker, .repost(target: "gruber"))
        XCTAssertEqual(post.repostedText, "original & words")
        XCTAssertEqual(post.text, "RT @Gruber: original & words")
        XCTAssertNil(post.reposts)
    }

    func testReplies() {
        let xml = timeline(
            status(id: "1", extra: """
                <in_reply_to_status_id>28416708070</in_reply_to_status_id><in_reply_to_user_id>14565733</in_reply_to_user_id>
                <in_reply_to_screen_name>ChrisKottom</in_reply_to_screen_name>
                """),
            status(id: "2", extra: "<in_reply_to_status_id></in_reply_to_status_id><in_reply_to_user_id>14</in_reply_to_user_id><in_reply_to_screen_name></in_reply_to_screen_name>"),
            status(id: "3", extra: "<in_reply_to_status_id/><in_reply_to_user_id/><in_reply_to_screen_name/>"))
        let result = readXML(reader, xml)
        XCTAssertEqual(result.posts.map(\.marker), [.reply(target: "chriskottom"), .reply(target: nil), nil])
    }

    func testValuesAreTrimmed() {
        let xml = timeline(status(id: "\n   88 ", created: " Fri Oct 22 15:50:35 +0000 2010\n",
                                  user: "<user><screen_name>\n  RedCross\n</screen_name></user>",
                                  extra: "<retweet_count> 3 </retweet_count>"))
        let post = readXML(reader, xml).posts.first
        XCTAssertEqual(post?.id, "88")
        XCTAssertEqual(post?.org, "redcross")
        XCTAssertEqual(post?.created, utc(2010, 10, 22, 15, 50, 35))
        XCTAssertEqual(post?.reposts, 3)
    }

    func testSingleStatusRoot() {
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + status(id: "7", text: "just one")
        let result = readXML(reader, xml)
        XCTAssertEqual(result.posts.map(\.id), ["7"])
        XCTAssertEqual(result.lines, [2])
    }

    func testEntitiesPresentAndAbsent() {
        let xml = timeline(
            status(id: "1", text: "See http://t.co/a #Relief @Bob", extra: """
                <entities>
                  <user_mentions><user_mention start="27" end="31"><screen_name>Bob</screen_name><name>Bob B</name><id>5</id></user_mention></user_mentions>
                  <urls><url start="4" end="20"><url>http://t.co/a</url><expanded_url>http://redcross.org/a?x=1&amp;y=2</expanded_url></url>
                        <url><url>http://t.co/b</url><expanded_url></expanded_url></url></urls>
                  <hashtags><hashtag start="21" end="28"><text>Relief</text></hashtag></hashtags>
                  <media><creative><url>http://t.co/p</url><expanded_url>http://twitter.com/redcross/status/1/photo/1</expanded_url></creative></media>
                </entities>
                """),
            status(id: "2", extra: "<entities><user_mentions/><urls/><hashtags/></entities>"),
            status(id: "3", extra: "<entities/>"),
            status(id: "4", text: "no entities http://t.co/z"))
        let posts = readXML(reader, xml).posts
        XCTAssertEqual(posts.count, 4)
        XCTAssertEqual(posts[0].expandedURLs ?? [], ["http://redcross.org/a?x=1&y=2"], "urls only: media is the post's own")
        XCTAssertEqual(posts[0].mentions ?? [], ["bob"])
        XCTAssertEqual(posts[0].hashtags ?? [], ["Relief"])
        for post in posts[1...2] {
            XCTAssertEqual(post.expandedURLs, [], "entities present: known to be none")
            XCTAssertEqual(post.mentions, [])
            XCTAssertEqual(post.hashtags, [])
        }
        XCTAssertNil(posts[3].expandedURLs, "no <entities>: the text's URLs are used later")
        XCTAssertNil(posts[3].mentions)
        XCTAssertNil(posts[3].hashtags)
    }

    func testRejectsNameTheirLine() {
        let xml = timeline(
            status(id: "1", created: "yesterday"),
            status(id: ""),
            "<status><created_at>Fri Oct 22 15:50:35 +0000 2010</created_at><text>no id</text></status>\n",
            status(id: "12a"),
            "<status/>\n",
            status(id: "6"))
        let result = readXML(reader, xml)
        XCTAssertEqual(result.rejects.map(\.reason), ["bad timestamp", "missing id", "missing id", "bad id: \"12a\"", "missing id"])
        XCTAssertEqual(result.rejects.map(\.line), [3, 10, 17, 18, 25])
        XCTAssertTrue(result.rejects[0].excerpt.contains("created_at=yesterday"), result.rejects[0].excerpt)
        XCTAssertEqual(result.posts.map(\.id), ["6"])
        XCTAssertEqual(result.lines, [26])
        XCTAssertEqual(result.posts.count + result.rejects.count, 6, "every <status> is a post or a reject")
    }

    func testOrganizationPerRecordThenFolder() {
        let xml = timeline(
            status(id: "1", user: "<user><screen_name>@CityHall</screen_name></user>"),
            status(id: "2", user: "<user><screen_name></screen_name></user>"),
            status(id: "3", user: ""))
        XCTAssertEqual(readXML(reader, xml, folder: "parks").posts.map(\.org), ["cityhall", "parks", "parks"])
        let unknown = readXML(reader, xml)
        XCTAssertEqual(unknown.posts.map(\.org), ["cityhall"])
        XCTAssertEqual(unknown.rejects.map(\.reason), ["unknown organization", "unknown organization"])
    }

    func testMalformedXMLKeepsEarlierPostsAndThrows() {
        let xml = timeline(status(id: "1"), status(id: "2")) .replacingOccurrences(of: "</statuses>", with: "")
            + "<status><id>3</text></status>\n"
        let result = readXML(reader, xml)
        XCTAssertEqual(result.posts.map(\.id), ["1", "2"])
        guard let error = result.error as? XMLReadError else { return XCTFail("expected XMLReadError, got \(String(describing: result.error))") }
        XCTAssertEqual(error.file, "t.xml")
        XCTAssertEqual(error.line, 18, "two 7-line statuses after 2 lines, then the emptied </statuses> line")
        XCTAssertGreaterThan(error.column, 0)
    }

    func testInvalidUTF8IsReplacedWithAWarning() {
        var bytes = Array(timeline(status(id: "1", text: "cafXY")).utf8)
        let at = bytes.indices.first { bytes[$0] == UInt8(ascii: "X") && bytes[$0 + 1] == UInt8(ascii: "Y") }!
        bytes[at] = 0xE9   // Latin-1 é in a UTF-8 file
        bytes[at + 1] = 0xFF
        let result = readXML(reader, source: MemorySource(bytes), file: ExportFile(path: "t.xml"))
        XCTAssertEqual(result.posts.first?.text, "caf\u{FFFD}\u{FFFD}")
        XCTAssertEqual(result.warnings.map(\.reason), ["invalid UTF-8 replaced by U+FFFD (2 characters)"])
    }

    func testGzippedFileAndTruncatedGzip() throws {
        let path = scratch.appendingPathComponent("statuses.xml.gz").path
        let writer = try GzipFileWriter(path: path)
        try writer.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<statuses type=\"array\">\n")
        for i in 1...2000 { try writer.write(status(id: "\(i)", text: "post \(i) &amp;amp; more")) }
        try writer.write("</statuses>\n")
        try writer.close()
        let file = ExportFile(path: path, displayPath: "statuses.xml.gz")
        let whole = readXML(reader, source: try InputOpener.open(path: path), file: file)
        XCTAssertNil(whole.error)
        XCTAssertEqual(whole.posts.count, 2000)
        XCTAssertEqual(whole.posts.last?.text, "post 2000 & more")
        XCTAssertEqual(whole.lines.last, 3 + 7 * 1999, "seven lines per status")

        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        let cut = scratch.appendingPathComponent("cut.xml.gz").path
        try Data(bytes.prefix(bytes.count / 2)).write(to: URL(fileURLWithPath: cut))
        let partial = readXML(reader, source: try InputOpener.open(path: cut), file: file)
        guard case .truncatedGzip? = partial.error as? InputError else {
            return XCTFail("expected truncatedGzip, got \(String(describing: partial.error))")
        }
        XCTAssertGreaterThan(partial.posts.count, 100)
        XCTAssertLessThan(partial.posts.count, 2000)
        XCTAssertEqual(partial.posts.map(\.id), (1...partial.posts.count).map(String.init), "every post before the damage, in order")
    }
}
