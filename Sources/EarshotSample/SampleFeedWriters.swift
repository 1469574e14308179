import EarshotCore
/// Records of the XML exports (formats.md T5 and T6): API v1 statuses, Twitter's RSS 2.0 and
/// Atom timelines. Texts are HTML-escaped as Twitter stored them, then XML-escaped; the API
/// wrote every non-ASCII character as a numeric reference.
struct SampleFeedWriter {
    var record = SampleBytes(capacity: 8192)
    var scratch = SampleBytes(capacity: 2048)

    // MARK: T5 API v1 XML

    static func xmlHeader() -> SampleBytes {
        var b = SampleBytes(capacity: 80)
        b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<statuses type=\"array\">\n")
        return b
    }

    static let xmlFooter = Array("</statuses>\n".utf8)
    /// The API reported retweet counts from November 2010.
    static let retweetCounts = SampleCalendar.seconds(year: 2010, month: 11, day: 1)

    mutating func writeStatus(_ post: SamplePost, to file: SampleFile, context: inout SampleWriterContext) throws {
        let world = context.world
        let org = context.org
        let modern = post.time >= SampleCalendar.seconds(year: 2011, month: 1, day: 1)
        let native = post.isRepost && post.time >= SampleCSVWriter.nativeRetweets
        let age = file.snapshot - post.time
        record.append("<status>\n")
        element("created_at") { $0.appendAPITime(post.time) }
        element("id") { $0.appendUInt64(post.id) }
        element("text") { $0.appendText(post.text, html: true, numericNonASCII: true, xml: true) }
        element("source") { Self.appendEscapedSource(context.anchors[post.client], into: &$0) }
        element("truncated") { $0.append("false") }
        if modern { element("favorited") { $0.append("false") } }
        element("in_reply_to_status_id") { if post.replyStatus != 0 { $0.appendUInt64(post.replyStatus) } }
        element("in_reply_to_user_id") { if post.isReply { $0.appendUInt64(world.accounts[post.replyAccount].userId) } }
        if !modern { element("favorited") { $0.append("false") } }
        element("in_reply_to_screen_name") { if post.isReply { $0.append(world.accounts[post.replyAccount].handle) } }
        element("retweet_count") { b in
            guard post.time >= Self.retweetCounts else { return }
            let count = SamplePost.observed(post.reposts, age: age)
            if count >= 100 { b.append("100+") } else { b.appendInt(count) }
        }
        element("retweeted") { $0.append("false") }
        if native {
            // The original, with its own author: one post, not two.
            let author = world.accounts[post.repostAccount]
            record.append("  <retweeted_status>\n")
            element("created_at", indent: 4) { $0.appendAPITime(post.repostTime) }
            element("id", indent: 4) { $0.appendUInt64(post.repostStatus) }
            element("text", indent: 4) { $0.appendText(post.originalText, html: true, numericNonASCII: true, xml: true) }
            element("source", indent: 4) { Self.appendEscapedSource("web", into: &$0) }
            element("truncated", indent: 4) { $0.append("false") }
            element("in_reply_to_status_id", indent: 4) { _ in }
            element("in_reply_to_user_id", indent: 4) { _ in }
            element("in_reply_to_screen_name", indent: 4) { _ in }
            element("retweet_count", indent: 4) { b in
                if post.time >= Self.retweetCounts { b.appendInt(SamplePost.observed(post.reposts, age: age)) }
            }
            appendUser(id: author.userId, name: author.name, handle: author.handle, location: "", description: "",
                       url: "", followers: author.followers, statuses: 1000 + Int(author.userId % 9000),
                       created: nil, indent: 4)
            record.append("  </retweeted_status>\n")
        }
        appendUser(id: org.userId, name: org.name, handle: org.handle, location: org.location, description: org.bio,
                   url: org.website, followers: followers(org, at: file.snapshot), statuses: post.statusesCount,
                   created: org.accountCreated, indent: 2)
        record.append("  <geo/>\n  <coordinates/>\n  <place/>\n")
        if modern { record.append("  <possibly_sensitive>false</possibly_sensitive>\n") }
        record.append("  <contributors/>\n")
        if modern { appendEntities(post, context: context) }
        record.append("</status>\n")
        try file.writeRecord(&record)
    }

    private mutating func element(_ name: StaticString, indent: Int = 2, _ content: (inout SampleBytes) -> Void) {
        for _ in 0..<indent { record.append(0x20) }
        record.append(0x3C); record.append(name); record.append(0x3E)
        content(&record)
        record.append("</"); record.append(name); record.append(">\n")
    }

    private static func appendEscapedSource(_ anchor: String, into b: inout SampleBytes) {
        for byte in anchor.utf8 {
            switch byte {
            case 0x3C: b.append("&lt;")
            case 0x3E: b.append("&gt;")
            case 0x22: b.append("&quot;")
            case 0x26: b.append("&amp;")
            default: b.append(byte)
            }
        }
    }

    private mutating func appendUser(id: UInt64, name: String, handle: String, location: String, description: String,
                                     url: String, followers: Int, statuses: Int, created: Int64?, indent: Int) {
        let pad = String(repeating: " ", count: indent)
        record.append(pad); record.append("<user>\n")
        let inner = indent + 2
        element("id", indent: inner) { $0.appendUInt64(id) }
        element("name", indent: inner) { $0.appendXML(name, numericNonASCII: true) }
        element("screen_name", indent: inner) { $0.append(handle) }
        element("location", indent: inner) { $0.appendXML(location, numericNonASCII: true) }
        element("description", indent: inner) { $0.appendXML(description, numericNonASCII: true) }
        element("profile_image_url", indent: inner) { b in
            b.append("http://a0.twimg.com/profile_images/"); b.appendUInt64(id % 900_000_000); b.append("/logo_normal.png")
        }
        element("url", indent: inner) { $0.appendXML(url) }
        element("protected", indent: inner) { $0.append("false") }
        element("followers_count", indent: inner) { $0.appendInt(followers) }
        element("friends_count", indent: inner) { $0.appendInt(150 + Int(id % 850)) }
        if let created {
            element("created_at", indent: inner) { $0.appendAPITime(created) }
        }
        element("favourites_count", indent: inner) { $0.appendInt(Int(id % 300)) }
        element("utc_offset", indent: inner) { _ in }
        element("time_zone", indent: inner) { _ in }
        element("statuses_count", indent: inner) { $0.appendInt(statuses) }
        element("lang", indent: inner) { $0.append("en") }
        element("verified", indent: inner) { $0.append(followers > 50_000 ? "true" : "false") }
        record.append(pad); record.append("</user>\n")
    }

    private mutating func appendEntities(_ post: SamplePost, context: SampleWriterContext) {
        let world = context.world
        record.append("  <entities>\n")
        if post.mentions.isEmpty && post.repostAccount < 0 {
            record.append("    <user_mentions/>\n")
        } else {
            record.append("    <user_mentions>\n")
            var mentioned = post.mentions
            if post.isRepost { mentioned.insert(post.repostAccount, at: 0) }
            for account in mentioned {
                let a = world.accounts[account]
                let start = Self.scalarOffset(of: Array(("@" + a.handle).utf8), in: post.text)
                record.append("      <user_mention start=\""); record.appendInt(start)
                record.append("\" end=\""); record.appendInt(start + 1 + a.handle.count); record.append("\">\n")
                element("name", indent: 8) { $0.appendXML(a.name, numericNonASCII: true) }
                element("id", indent: 8) { $0.appendUInt64(a.userId) }
                element("screen_name", indent: 8) { $0.append(a.handle) }
                record.append("      </user_mention>\n")
            }
            record.append("    </user_mentions>\n")
        }
        var links: [Int] = []
        var media: [Int] = []
        for i in post.expandedURLs.indices {
            if post.expandedURLs[i].hasSuffix("/photo/1") { media.append(i) } else { links.append(i) }
        }
        if links.isEmpty {
            record.append("    <urls/>\n")
        } else {
            record.append("    <urls>\n")
            for i in links {
                let start = Self.scalarOffset(of: post.shownURLs[i], in: post.text)
                record.append("      <url start=\""); record.appendInt(start); record.append("\" end=\"")
                record.appendInt(start + post.shownURLs[i].count); record.append("\">\n")
                element("url", indent: 8) { $0.appendText(post.shownURLs[i], html: false, xml: true) }
                element("display_url", indent: 8) { $0.appendXML(Self.display(post.expandedURLs[i]), numericNonASCII: true) }
                element("expanded_url", indent: 8) { $0.appendXML(post.expandedURLs[i]) }
                record.append("      </url>\n")
            }
            record.append("    </urls>\n")
        }
        for i in media {
            record.append("    <media>\n      <creative>\n")
            element("media_url", indent: 8) { b in b.append("http://p.twimg.com/"); b.appendUInt64(post.id % 99_999_999); b.append(".jpg") }
            element("url", indent: 8) { $0.appendText(post.shownURLs[i], html: false, xml: true) }
            element("type", indent: 8) { $0.append("photo") }
            element("expanded_url", indent: 8) { $0.appendXML(post.expandedURLs[i]) }
            record.append("      </creative>\n    </media>\n")
        }
        if post.hashtags.isEmpty {
            record.append("    <hashtags/>\n")
        } else {
            record.append("    <hashtags>\n")
            for tag in post.hashtags {
                let start = Self.scalarOffset(of: Array(("#" + tag).utf8), in: post.text)
                record.append("      <hashtag start=\""); record.appendInt(start); record.append("\" end=\"")
                record.appendInt(start + 1 + tag.count); record.append("\">\n")
                element("text", indent: 8) { $0.append(tag) }
                record.append("      </hashtag>\n")
            }
            record.append("    </hashtags>\n")
        }
        record.append("  </entities>\n")
    }

    /// The character (code point) offset of `needle` in `text`, as the API's entity indices
    /// count; 0 when absent.
    static func scalarOffset(of needle: [UInt8], in text: [UInt8]) -> Int {
        guard !needle.isEmpty, needle.count <= text.count else { return 0 }
        let first = needle[0]
        var i = 0
        while i + needle.count <= text.count {
            if text[i] == first && text[i..<(i + needle.count)].elementsEqual(needle) {
                var scalars = 0
                for b in text[0..<i] where b & 0xC0 != 0x80 { scalars += 1 }
                return scalars
            }
            i += 1
        }
        return 0
    }

    /// `example.org/path...` as Twitter displayed a link.
    static func display(_ url: String) -> String {
        var s = Substring(url)
        for prefix in ["https://", "http://"] where s.hasPrefix(prefix) { s = s.dropFirst(prefix.count) }
        if s.hasPrefix("www.") { s = s.dropFirst(4) }
        return s.count > 26 ? String(s.prefix(25)) + "…" : String(s)
    }

    // MARK: T6 RSS 2.0 and Atom

    static func rssHeader(org: SampleOrganization) -> SampleBytes {
        var b = SampleBytes(capacity: 600)
        b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        b.append("<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" xmlns:georss=\"http://www.georss.org/georss\" xmlns:twitter=\"http://api.twitter.com\">\n")
        b.append("  <channel>\n    <title>Twitter / "); b.append(org.handle); b.append("</title>\n")
        b.append("    <link>http://twitter.com/"); b.append(org.handle); b.append("</link>\n")
        b.append("    <atom:link type=\"application/rss+xml\" href=\"http://twitter.com/statuses/user_timeline/")
        b.append(org.handle); b.append(".rss\" rel=\"self\"/>\n")
        b.append("    <description>Twitter updates from "); b.appendXML(org.name); b.append(" / ")
        b.append(org.handle); b.append(".</description>\n")
        b.append("    <language>en-us</language>\n    <ttl>40</ttl>\n")
        return b
    }

    static let rssFooter = Array("  </channel>\n</rss>\n".utf8)

    mutating func writeRSSItem(_ post: SamplePost, to file: SampleFile, context: inout SampleWriterContext) throws {
        let org = context.org
        record.append("    <item>\n")
        record.append("      <title>"); record.append(org.handle); record.append(": ")
        record.appendText(post.text, html: true, xml: true); record.append("</title>\n")
        record.append("      <description>"); record.append(org.handle); record.append(": ")
        record.appendText(post.text, html: true, xml: true); record.append("</description>\n")
        record.append("      <pubDate>"); record.appendRFC822(post.time); record.append("</pubDate>\n")
        record.append("      <guid>http://twitter.com/"); record.append(org.handle); record.append("/statuses/")
        record.appendUInt64(post.id); record.append("</guid>\n")
        record.append("      <link>http://twitter.com/"); record.append(org.handle); record.append("/statuses/")
        record.appendUInt64(post.id); record.append("</link>\n")
        record.append("      <twitter:source>"); Self.appendEscapedSource(context.anchors[post.client], into: &record)
        record.append("</twitter:source>\n      <twitter:place/>\n    </item>\n")
        try file.writeRecord(&record)
    }

    static func atomHeader(org: SampleOrganization, updated: Int64) -> SampleBytes {
        var b = SampleBytes(capacity: 600)
        b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        b.append("<feed xml:lang=\"en-US\" xmlns=\"http://www.w3.org/2005/Atom\" xmlns:twitter=\"http://api.twitter.com\">\n")
        b.append("  <title>Twitter / "); b.append(org.handle); b.append("</title>\n")
        b.append("  <id>tag:twitter.com,2007:Status</id>\n")
        b.append("  <link type=\"text/html\" href=\"http://twitter.com/"); b.append(org.handle); b.append("\" rel=\"alternate\"/>\n")
        b.append("  <link type=\"application/atom+xml\" href=\"http://twitter.com/statuses/user_timeline/")
        b.append(org.handle); b.append(".atom\" rel=\"self\"/>\n")
        b.append("  <updated>"); b.appendISOOffset(updated); b.append("</updated>\n")
        b.append("  <subtitle>Twitter updates from "); b.appendXML(org.name); b.append(" / ")
        b.append(org.handle); b.append(".</subtitle>\n")
        return b
    }

    static let atomFooter = Array("</feed>\n".utf8)

    mutating func writeAtomEntry(_ post: SamplePost, to file: SampleFile, context: inout SampleWriterContext) throws {
        let org = context.org
        record.append("  <entry>\n")
        record.append("    <title>"); record.append(org.handle); record.append(": ")
        record.appendText(post.text, html: true, xml: true); record.append("</title>\n")
        record.append("    <content type=\"html\">"); record.appendText(post.text, html: true, xml: true)
        record.append("</content>\n")
        record.append("    <id>tag:twitter.com,2007:http://twitter.com/"); record.append(org.handle)
        record.append("/statuses/"); record.appendUInt64(post.id); record.append("</id>\n")
        record.append("    <published>"); record.appendISOOffset(post.time); record.append("</published>\n")
        record.append("    <updated>"); record.appendISOOffset(post.time); record.append("</updated>\n")
        record.append("    <link type=\"text/html\" href=\"http://twitter.com/"); record.append(org.handle)
        record.append("/statuses/"); record.appendUInt64(post.id); record.append("\" rel=\"alternate\"/>\n")
        record.append("    <author>\n      <name>"); record.appendXML(org.name); record.append("</name>\n")
        record.append("      <uri>"); record.appendXML(org.website); record.append("</uri>\n    </author>\n")
        record.append("    <twitter:source>"); Self.appendEscapedSource(context.anchors[post.client], into: &record)
        record.append("</twitter:source>\n  </entry>\n")
        try file.writeRecord(&record)
    }
}
