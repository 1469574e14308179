import EarshotCore
/// Records of the CSV exports of social-media management tools (formats.md T9), written to be
/// read through the header maps shipped in `maps/`: local times with no offset in the map's time
/// zone, counters with thousands separators, the tools' own column names.
struct SampleToolCSVWriter {
    var record = SampleBytes(capacity: 4096)
    var scratch = SampleBytes(capacity: 2048)

    // MARK: Sprout Social (maps/sprout-social.yaml)

    /// The Post Performance report's columns.
    static let sproutHeader = ["Date", "Post ID", "Network", "Post Type", "Content Type", "Profile", "Sent by", "Link", "Post",
                               "Linked Content", "Impressions", "Organic Impressions", "Potential Reach", "Engagements",
                               "Engagement Rate (per Impression)", "Reactions", "Likes", "Comments", "Shares", "Saves",
                               "Post Link Clicks", "Other Post Clicks", "Tags"]

    /// The map's zone, America/Chicago: US Central time.
    static let sproutZone = SampleUSTimeZone(standardOffset: -6 * 3600)
    /// Twitter became X in Sprout's reports (network, post types, links) in late July 2023.
    static let xRename = SampleCalendar.seconds(year: 2023, month: 7, day: 24)
    static let staff = ["Jess Morgan", "Sam Patel", "Comms Team", "Alex Reid", "Priya Shah", "Tom Walsh"]

    static func sproutFileName(org: SampleOrganization, year: Int) -> String {
        "sprout/Post_Performance_" + org.handle + "_" + String(year) + "-01-01_" + String(year) + "-12-31.csv"
    }

    mutating func writeSprout(_ post: SamplePost, to file: SampleFile, context: inout SampleWriterContext) throws {
        let org = context.org
        let age = file.snapshot - post.time
        func seen(_ v: Int) -> Int { SamplePost.observed(v, age: age) }
        let badTime = context.breaker.hit(.mappedTimestamp)
        let x = post.time >= Self.xRename
        let quote = post.quoteAccount >= 0 && post.time >= SampleCSVWriter.quoteTweets
        let selfAccount = context.world.accountOfOrg[org.index]

        if !badTime { Self.sproutZone.appendSproutTime(post.time, into: &record) }
        record.append(0x2C)
        record.appendUInt64(post.id); record.append(0x2C)
        record.append(x ? "X," : "Twitter,")
        // Sprout marks replies to others; a thread's next post is an ordinary post to it.
        if post.isRepost {
            record.append(x ? "Repost" : "Retweet")
        } else if post.isReply && post.replyAccount != selfAccount {
            record.append(x ? "Reply" : "@Reply")
        } else if quote {
            record.append(x ? "Quote Post" : "Quote Tweet")
        } else {
            record.append(x ? "Post" : "Tweet")
        }
        record.append(0x2C)
        let photo = post.expandedURLs.contains { $0.hasSuffix("/photo/1") }
        let link = post.expandedURLs.first { !$0.hasSuffix("/photo/1") }
        record.append(photo ? "Photo," : link != nil ? "Link," : "Text,")
        record.appendMinimalField(org.name); record.append(0x2C)
        if post.client == 6 { record.append(Self.staff[Int(sampleHash(post.id, 0x5E17) % UInt64(Self.staff.count))]) }
        record.append(0x2C)
        record.append(x ? "https://x.com/" : "https://twitter.com/"); record.append(org.handle); record.append("/status/")
        record.appendUInt64(post.id); record.append(0x2C)
        record.appendMinimalField(post.text); record.append(0x2C)
        if let link { record.appendMinimalField(link) }
        record.append(0x2C)
        if post.isRepost {
            // Sprout reports no performance for a repost of someone else's post.
            record.append(",,")
            appendCount(followers(org, at: file.snapshot))
            record.append(",,,,,,,,,")
        } else {
            let likes = seen(post.likes), reposts = seen(post.reposts), replies = seen(post.replies)
            let impressions = max(seen(post.impressions), likes + reposts + replies)
            let linkClicks = seen(post.urlClicks)
            let otherClicks = seen(post.profileClicks) + seen(post.detailExpands) + seen(post.hashtagClicks) + seen(post.permalinkClicks)
            let engagements = likes + reposts + replies + linkClicks + otherClicks
            appendCount(impressions); record.append(0x2C)
            appendCount(impressions); record.append(0x2C)
            appendCount(followers(org, at: file.snapshot)); record.append(0x2C)
            appendCount(engagements); record.append(0x2C)
            if impressions > 0 {
                let basisPoints = (engagements * 10_000 + impressions / 2) / impressions
                record.appendInt(basisPoints / 100); record.append(0x2E); record.appendPadded(basisPoints % 100, width: 2)
                record.append(0x25)
            } else {
                record.append("0.00%")
            }
            record.append(",,")                                        // Reactions: Facebook's, not X's
            appendCount(likes); record.append(0x2C)
            appendCount(replies); record.append(0x2C)
            appendCount(reposts); record.append(0x2C)
            if post.time >= SampleCalendar.seconds(year: 2022, month: 1, day: 1) { appendCount(seen(post.bookmarks)) }
            record.append(0x2C)
            appendCount(linkClicks); record.append(0x2C)
            appendCount(otherClicks)
        }
        record.append(0x2C)
        switch post.category {
        case .event: record.append("Events")
        case .appeal: record.append("Campaign")
        case .reply, .replyWithLink: record.append("Customer Care")
        default: break
        }
        record.append(file.lineEnd)
        let line = try file.writeRecord(&record)
        if badTime {
            context.rejects.append(SampleBadRecord(file: file.relativePath, line: line, format: .mappedCSV, reason: "bad timestamp"))
        }
    }

    /// A count as the tools write it: `1,234`, quoted when it has a separator.
    private mutating func appendCount(_ value: Int) {
        if value >= 1000 {
            scratch.removeAll(); scratch.appendGrouped(value); record.appendQuotedField(scratch.bytes)
        } else {
            record.appendInt(value)
        }
    }

    // MARK: Meta Business Suite (maps/meta-business-suite.yaml)

    static let metaHeader = ["Post ID", "Page ID", "Page name", "Title", "Description", "Duration (sec)", "Publish time",
                             "Caption type", "Permalink", "Is crosspost", "Is share", "Post type", "Languages", "Custom labels",
                             "Funded content status", "Data comment", "Date", "Impressions", "Reach",
                             "Reactions, comments and shares", "Reactions", "Comments", "Shares", "Total clicks", "Link clicks",
                             "Other Clicks", "Matched Audience Targeting Consumption (Photo Click)",
                             "Negative feedback from users: Hide all"]

    /// The map's zone, America/Los_Angeles: US Pacific time.
    static let metaZone = SampleUSTimeZone(standardOffset: -8 * 3600)

    static func pageID(_ org: SampleOrganization) -> UInt64 {
        100_000_000_000_000 + stableHash("page:" + org.lower) % 900_000_000_000_000
    }

    static func metaFileName(org: SampleOrganization, year: Int) -> String {
        "facebook/Jan-01-" + String(year) + "_Dec-31-" + String(year) + "_" + String(pageID(org)) + ".csv"
    }

    /// The organization's posts that went to its Facebook Page too: its own posts, not replies
    /// or reposts.
    static func crossPosted(_ post: SamplePost) -> Bool {
        !post.isRepost && !post.isReply
    }

    /// One Facebook post: the copy of a post on the organization's Page, with Facebook's ids and
    /// its own (larger, differently shaped) engagement.
    mutating func writeMeta(_ post: SamplePost, to file: SampleFile, context: inout SampleWriterContext) throws {
        let org = context.org
        let age = file.snapshot - post.time
        func seen(_ v: Int) -> Int { SamplePost.observed(v, age: age) }
        let badTime = context.breaker.hit(.mappedTimestamp)
        let page = Self.pageID(org)
        let postID = 100_000_000_000_000 + sampleHash(post.id, 0xFB) % 900_000_000_000_000
        let photo = post.expandedURLs.contains { $0.hasSuffix("/photo/1") }
        let link = post.expandedURLs.contains { !$0.hasSuffix("/photo/1") }

        record.appendUInt64(page); record.append(0x5F); record.appendUInt64(postID); record.append(0x2C)
        record.appendUInt64(page); record.append(0x2C)
        record.appendMinimalField(org.name); record.append(0x2C)
        record.append(0x2C)                                            // Title: videos only
        scratch.removeAll(); Self.appendExpandedText(post, into: &scratch); record.appendMinimalField(scratch.bytes)
        record.append(",,")
        if !badTime { Self.metaZone.appendMetaTime(post.time, into: &record) }
        record.append(",,https://www.facebook.com/"); record.appendUInt64(page); record.append("/posts/"); record.appendUInt64(postID)
        record.append(",No,No,")
        record.append(photo ? "Photos" : link ? "Links" : "Status")
        record.append(",en,,,,Lifetime,")
        let reactions = seen(post.likes) * 13 / 10
        let comments = seen(post.replies) * 3 / 2
        let shares = seen(post.reposts) / 2
        let impressions = max(seen(post.impressions) * 4 / 5, reactions + comments + shares)
        let linkClicks = link ? seen(post.urlClicks) : 0
        let otherClicks = seen(post.detailExpands) + seen(post.permalinkClicks)
        appendCount(impressions); record.append(0x2C)
        appendCount(impressions * 7 / 10); record.append(0x2C)
        appendCount(reactions + comments + shares); record.append(0x2C)
        appendCount(reactions); record.append(0x2C)
        appendCount(comments); record.append(0x2C)
        appendCount(shares); record.append(0x2C)
        appendCount(linkClicks + otherClicks); record.append(0x2C)
        appendCount(linkClicks); record.append(0x2C)
        appendCount(otherClicks); record.append(0x2C)
        appendCount(photo ? seen(post.mediaEngagements) : 0); record.append(0x2C)
        appendCount(Int(sampleHash(post.id, 0x41DE) % 3))
        record.append(file.lineEnd)
        let line = try file.writeRecord(&record)
        if badTime {
            context.rejects.append(SampleBadRecord(file: file.relativePath, line: line, format: .mappedCSV, reason: "bad timestamp"))
        }
    }

    /// The text with its links in full (Facebook has no t.co) and without the photo link.
    static func appendExpandedText(_ post: SamplePost, into b: inout SampleBytes) {
        let text = post.text
        var i = 0
        scan: while i < text.count {
            for k in post.shownURLs.indices {
                let shown = post.shownURLs[k]
                guard !shown.isEmpty, text[i] == shown[0], i + shown.count <= text.count,
                      text[i..<(i + shown.count)].elementsEqual(shown) else { continue }
                if post.expandedURLs[k].hasSuffix("/photo/1") {
                    while let last = b.bytes.last, last == 0x20 { b.bytes.removeLast() }
                } else {
                    b.append(post.expandedURLs[k])
                }
                i += shown.count
                continue scan
            }
            b.append(text[i])
            i += 1
        }
    }
}

/// A US time zone's local time (the rules since 2007: daylight saving time from 02:00 on the
/// second Sunday of March to 02:00 on the first Sunday of November), computed here so that the
/// sample does not depend on the machine's time zone database.
///
/// A time in the hour that occurs twice when clocks go back is written as local time like any
/// other; a reader takes it as the first of the two, an hour early, as it must for the real
/// exports.
struct SampleUSTimeZone {
    /// Seconds east of UTC in winter (-21600 for Central time).
    let standardOffset: Int64

    func local(_ t: Int64) -> Int64 {
        let year = SampleCalendar.civil(t + standardOffset).year
        let start = Self.sunday(year: year, month: 3, nth: 2) * 86_400 + 7_200 - standardOffset
        let end = Self.sunday(year: year, month: 11, nth: 1) * 86_400 + 3_600 - standardOffset
        return t + standardOffset + (t >= start && t < end ? 3_600 : 0)
    }

    /// The day number of the n-th Sunday of a month.
    static func sunday(year: Int, month: Int, nth: Int) -> Int64 {
        let first = SampleCalendar.days(year: year, month: month, day: 1)
        var weekday = (first + 4) % 7
        if weekday < 0 { weekday += 7 }
        return first + (7 - weekday) % 7 + Int64(nth - 1) * 7
    }

    /// `01/15/2024 9:03 am` (Sprout Social).
    func appendSproutTime(_ t: Int64, into b: inout SampleBytes) {
        let c = SampleCalendar.civil(local(t))
        b.appendPadded(c.month, width: 2); b.append(0x2F); b.appendPadded(c.day, width: 2); b.append(0x2F)
        b.appendInt(c.year); b.append(0x20)
        b.appendInt(c.hour % 12 == 0 ? 12 : c.hour % 12); b.append(0x3A); b.appendPadded(c.minute, width: 2)
        b.append(c.hour < 12 ? " am" : " pm")
    }

    /// `01/27/2025 09:15` (Meta Business Suite).
    func appendMetaTime(_ t: Int64, into b: inout SampleBytes) {
        let c = SampleCalendar.civil(local(t))
        b.appendPadded(c.month, width: 2); b.append(0x2F); b.appendPadded(c.day, width: 2); b.append(0x2F)
        b.appendInt(c.year); b.append(0x20)
        b.appendPadded(c.hour, width: 2); b.append(0x3A); b.appendPadded(c.minute, width: 2)
    }
}
