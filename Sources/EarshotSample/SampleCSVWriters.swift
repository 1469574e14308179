import EarshotCore
/// Records of the CSV exports (formats.md T1 to T4), written byte by byte the way each exporter
/// wrote them: quoting, escaping, column order and quirks.

/// The records an organization's files break on purpose, and which ones they are.
struct SampleBreaker {
    enum Kind: Int, CaseIterable {
        /// A legacy archive row whose timestamp a spreadsheet mangled (`#VALUE!`).
        case archiveTimestamp
        /// A layout B archive row cut off after `source` (5 of 10 fields).
        case layoutBShortRow
        /// An analytics row with `n/a` in a counter column (a warning, not a reject).
        case analyticsCounter
        /// A twarc2 row with an empty `created_at`.
        case twarc2Timestamp
        /// A `tweets.js` post whose `created_at` is `undefined` (a script's artefact).
        case tweetsJSTimestamp
        /// A Mastodon activity whose `published` is `Invalid Date`.
        case mastodonTimestamp
        /// A management tool's CSV row with an empty time cell.
        case mappedTimestamp
    }

    /// The n-th eligible record of each kind to break (0: none).
    var targets = Array(repeating: 0, count: Kind.allCases.count)
    private var seen = Array(repeating: 0, count: Kind.allCases.count)

    mutating func hit(_ kind: Kind) -> Bool {
        let k = kind.rawValue
        guard targets[k] > 0 else { return false }
        seen[k] += 1
        return seen[k] == targets[k]
    }
}

/// Everything the writers need about the organization whose posts are being written.
struct SampleWriterContext {
    let world: SampleWorld
    let org: SampleOrganization
    /// Client names, as archives and twarc v1 give them (`web` or an HTML anchor).
    let anchors: [String]
    var breaker = SampleBreaker()
    var rejects: [SampleBadRecord] = []
    var warnings: [SampleBadRecord] = []
    /// Copies of its posts on another platform written (Facebook posts in Meta exports).
    var crossPosts = 0

    init(world: SampleWorld, org: SampleOrganization) {
        self.world = world
        self.org = org
        anchors = SampleWords.clients.enumerated().map { i, client in
            i == 0 ? "web" : "<a href=\"\(client.url)\" rel=\"nofollow\">\(client.name)</a>"
        }
    }

    func clientName(_ client: Int, at time: Int64) -> String {
        if client == 0 && time >= SampleCalendar.seconds(year: 2020, month: 7, day: 15) { return "Twitter Web App" }
        return SampleWords.clients[client].name
    }
}

struct SampleCSVWriter {
    var record = SampleBytes(capacity: 8192)
    var scratch = SampleBytes(capacity: 2048)

    // MARK: T1 legacy archive

    static let layoutAHeader = ["tweet_id", "in_reply_to_status_id", "in_reply_to_user_id", "retweeted_status_id",
                                "retweeted_status_user_id", "timestamp", "source", "text", "expanded_urls"]
    static let layoutBHeader = ["tweet_id", "in_reply_to_status_id", "in_reply_to_user_id", "timestamp", "source", "text",
                                "retweeted_status_id", "retweeted_status_user_id", "retweeted_status_timestamp",
                                "expanded_urls"]

    static func quotedHeader(_ names: [String], lineEnd: [UInt8]) -> SampleBytes {
        var b = SampleBytes(capacity: 256)
        for (i, name) in names.enumerated() {
            if i > 0 { b.append(0x2C) }
            b.appendQuotedField(name)
        }
        b.append(lineEnd)
        return b
    }

    static func plainHeader(_ names: [String], lineEnd: [UInt8], bom: Bool = false) -> SampleBytes {
        var b = SampleBytes(capacity: 2048)
        if bom { b.append([0xEF, 0xBB, 0xBF]) }
        for (i, name) in names.enumerated() {
            if i > 0 { b.append(0x2C) }
            b.appendMinimalField(name)
        }
        b.append(lineEnd)
        return b
    }

    /// Native reposts (with a retweeted_status) exist from November 2009; older `RT @x:` posts
    /// were plain text.
    static let nativeRetweets = SampleCalendar.seconds(year: 2009, month: 11, day: 19)

    mutating func writeArchive(_ post: SamplePost, to file: SampleFile, context: inout SampleWriterContext) throws {
        let layoutA = file.variant == 0
        let world = context.world
        let breakTimestamp = context.breaker.hit(.archiveTimestamp)
        let shortRow = !layoutA && !breakTimestamp && context.breaker.hit(.layoutBShortRow)
        record.appendQuotedField(String(post.id)); record.append(0x2C)
        appendQuotedId(post.replyStatus); record.append(0x2C)
        appendQuotedId(post.isReply ? world.accounts[post.replyAccount].userId : 0); record.append(0x2C)
        let native = post.isRepost && post.time >= Self.nativeRetweets
        if layoutA {
            appendQuotedId(native ? post.repostStatus : 0); record.append(0x2C)
            appendQuotedId(native ? world.accounts[post.repostAccount].userId : 0); record.append(0x2C)
        }
        if breakTimestamp {
            record.appendQuotedField("#VALUE!")
        } else {
            scratch.removeAll(); scratch.appendArchiveTime(post.time); record.appendQuotedField(scratch.bytes)
        }
        record.append(0x2C)
        record.appendQuotedField(context.anchors[post.client])
        if shortRow {
            // The export stopped mid-record: the rest of the row is missing.
            record.append(file.lineEnd)
            let line = try file.writeRecord(&record)
            context.rejects.append(SampleBadRecord(file: file.relativePath, line: line, format: .legacyArchive,
                                                   reason: "wrong column count"))
            return
        }
        record.append(0x2C)
        scratch.removeAll()
        scratch.appendText(post.text, html: true, numericNonASCII: file.numericEntities)
        record.appendQuotedField(scratch.bytes)
        if layoutA {
            // Ragged rows: no field at all without a URL, one extra field per extra URL.
            for url in post.expandedURLs {
                record.append(0x2C)
                record.appendQuotedField(url)
            }
        } else {
            record.append(0x2C)
            appendQuotedId(native ? post.repostStatus : 0); record.append(0x2C)
            appendQuotedId(native ? world.accounts[post.repostAccount].userId : 0); record.append(0x2C)
            if native {
                scratch.removeAll(); scratch.appendArchiveTime(post.repostTime); record.appendQuotedField(scratch.bytes)
            } else {
                record.append("\"\"")
            }
            record.append(0x2C)
            scratch.removeAll()
            for (i, url) in post.expandedURLs.enumerated() {
                if i > 0 { scratch.append(0x2C) }
                scratch.append(url)
                if file.duplicateURLs { scratch.append(0x2C); scratch.append(url) }
            }
            record.appendQuotedField(scratch.bytes)
        }
        record.append(file.lineEnd)
        let line = try file.writeRecord(&record)
        if breakTimestamp {
            context.rejects.append(SampleBadRecord(file: file.relativePath, line: line, format: .legacyArchive,
                                                   reason: "bad timestamp"))
        }
    }

    private mutating func appendQuotedId(_ id: UInt64) {
        record.append(0x22)
        if id != 0 { record.appendUInt64(id) }
        record.append(0x22)
    }

    // MARK: T2 analytics

    static func analyticsHeader(favorites: Bool) -> [String] {
        let like = favorites ? "favorites" : "likes"
        let organic = ["impressions", "engagements", "engagement rate", "retweets", "replies", like, "user profile clicks",
                       "url clicks", "hashtag clicks", "detail expands", "permalink clicks", "app opens", "app installs",
                       "follows", "email tweet", "dial phone", "media views", "media engagements"]
        return ["Tweet id", "Tweet permalink", "Tweet text", "time"] + organic + organic.map { "promoted " + $0 }
    }

    mutating func writeAnalytics(_ post: SamplePost, to file: SampleFile, context: inout SampleWriterContext) throws {
        let age = file.snapshot - post.time
        func seen(_ v: Int) -> Int { SamplePost.observed(v, age: age) }
        let likes = seen(post.likes), reposts = seen(post.reposts), replies = seen(post.replies)
        let impressions = max(seen(post.impressions), likes + reposts + replies)
        let urlClicks = seen(post.urlClicks), profileClicks = seen(post.profileClicks)
        let detailExpands = seen(post.detailExpands), hashtagClicks = seen(post.hashtagClicks)
        let permalinkClicks = seen(post.permalinkClicks), follows = seen(post.follows)
        let mediaViews = seen(post.mediaViews), mediaEngagements = seen(post.mediaEngagements)
        let engagements = likes + reposts + replies + urlClicks + profileClicks + detailExpands + hashtagClicks
            + permalinkClicks + follows + mediaEngagements
        let badCounter = context.breaker.hit(.analyticsCounter)

        record.appendQuotedField(String(post.id)); record.append(0x2C)
        scratch.removeAll()
        scratch.append("https://twitter.com/"); scratch.append(context.org.handle); scratch.append("/status/")
        scratch.appendUInt64(post.id)
        record.appendQuotedField(scratch.bytes); record.append(0x2C)
        scratch.removeAll()
        scratch.appendText(post.text, html: true)
        record.appendQuotedField(scratch.bytes); record.append(0x2C)
        scratch.removeAll(); scratch.appendAnalyticsTime(post.time); record.appendQuotedField(scratch.bytes)
        record.append(0x2C)
        appendFloatField(impressions); record.append(0x2C)
        appendFloatField(engagements); record.append(0x2C)
        record.appendQuotedField(impressions > 0 ? "\(Double(engagements) / Double(impressions))" : "0.0")
        record.append(0x2C)
        appendFloatField(reposts); record.append(0x2C)
        if badCounter { record.appendQuotedField("n/a") } else { appendFloatField(replies) }
        record.append(0x2C)
        appendFloatField(likes); record.append(0x2C)
        appendFloatField(profileClicks); record.append(0x2C)
        appendFloatField(urlClicks); record.append(0x2C)
        appendFloatField(hashtagClicks); record.append(0x2C)
        appendFloatField(detailExpands); record.append(0x2C)
        appendFloatField(permalinkClicks); record.append(0x2C)
        for value in [0, 0, follows, 0, 0, mediaViews, mediaEngagements] {
            record.append(0x22); record.appendInt(value); record.append(0x22); record.append(0x2C)
        }
        if post.promoted {
            let paid = [impressions * 3, engagements * 2, 0, reposts, replies / 2, likes * 2, profileClicks,
                        urlClicks * 3, 0, detailExpands, permalinkClicks, 0, 0, follows, 0, 0, mediaViews, 0]
            for (i, value) in paid.enumerated() {
                if i > 0 { record.append(0x2C) }
                if i == 2 {
                    record.appendQuotedField(paid[0] > 0 ? "\(Double(paid[1]) / Double(paid[0]))" : "0.0")
                } else if i >= 11 {
                    record.append(0x22); record.appendInt(value); record.append(0x22)
                } else {
                    appendFloatField(value)
                }
            }
        } else {
            for i in 0..<18 {
                if i > 0 { record.append(0x2C) }
                record.append("\"-\"")
            }
        }
        record.append(file.lineEnd)
        let line = try file.writeRecord(&record)
        if badCounter {
            context.warnings.append(SampleBadRecord(file: file.relativePath, line: line, format: .analytics,
                                                    reason: "bad counter"))
        }
    }

    private mutating func appendFloatField(_ value: Int) {
        record.append(0x22)
        record.appendFloatString(value)
        record.append(0x22)
    }

    // MARK: T3 X analytics

    static let xAnalyticsHeader = ["Post id", "Date", "Post text", "Post Link", "Impressions", "Likes", "Engagements",
                                   "Bookmarks", "Shares", "New follows", "Replies", "Reposts", "Profile visits",
                                   "Detail Expands", "URL Clicks", "Hashtag Clicks", "Permalink Clicks"]

    mutating func writeXAnalytics(_ post: SamplePost, to file: SampleFile, context: inout SampleWriterContext) throws {
        let age = file.snapshot - post.time
        func seen(_ v: Int) -> Int { SamplePost.observed(v, age: age) }
        let likes = seen(post.likes), reposts = seen(post.reposts), replies = seen(post.replies)
        let impressions = max(seen(post.impressions), likes + reposts + replies)
        let engagements = likes + reposts + replies + seen(post.urlClicks) + seen(post.profileClicks)
            + seen(post.detailExpands) + seen(post.hashtagClicks) + seen(post.permalinkClicks)
        record.appendUInt64(post.id); record.append(0x2C)
        scratch.removeAll(); scratch.appendXAnalyticsDate(post.time); record.appendQuotedField(scratch.bytes)
        record.append(0x2C)
        scratch.removeAll(); scratch.appendText(post.text, html: true); record.appendMinimalField(scratch.bytes)
        record.append(0x2C)
        record.append("https://x.com/"); record.append(context.org.handle); record.append("/status/")
        record.appendUInt64(post.id)
        for value in [impressions, likes, engagements, seen(post.bookmarks), seen(post.quotes), seen(post.follows),
                      replies, reposts, seen(post.profileClicks), seen(post.detailExpands), seen(post.urlClicks),
                      seen(post.hashtagClicks), seen(post.permalinkClicks)] {
            record.append(0x2C)
            if value >= 1000 {
                scratch.removeAll(); scratch.appendGrouped(value); record.appendQuotedField(scratch.bytes)
            } else {
                record.appendInt(value)
            }
        }
        record.append(file.lineEnd)
        try file.writeRecord(&record)
    }

    // MARK: T4 twarc2

    static let twarc2Header: [String] = {
        var h = ["id", "conversation_id", "referenced_tweets.replied_to.id", "referenced_tweets.retweeted.id",
                 "referenced_tweets.quoted.id", "author_id", "in_reply_to_user_id", "in_reply_to_username",
                 "retweeted_user_id", "retweeted_username", "quoted_user_id", "quoted_username", "created_at", "text",
                 "lang", "source"]
        h += ["impression_count", "reply_count", "retweet_count", "quote_count", "like_count", "bookmark_count"]
            .map { "public_metrics." + $0 }
        h += ["reply_settings", "edit_history_tweet_ids", "edit_controls.edits_remaining", "edit_controls.editable_until",
              "edit_controls.is_edit_eligible", "possibly_sensitive", "withheld.scope", "withheld.copyright",
              "withheld.country_codes", "entities.annotations", "entities.cashtags", "entities.hashtags",
              "entities.mentions", "entities.urls", "context_annotations", "attachments.media", "attachments.media_keys",
              "attachments.poll.duration_minutes", "attachments.poll.end_datetime", "attachments.poll.id",
              "attachments.poll.options", "attachments.poll.voting_status", "attachments.poll_ids"]
        h += ["id", "created_at", "username", "name", "description", "entities.description.cashtags",
              "entities.description.hashtags", "entities.description.mentions", "entities.description.urls",
              "entities.url.urls", "url", "location", "pinned_tweet_id", "profile_image_url", "protected",
              "public_metrics.followers_count", "public_metrics.following_count", "public_metrics.listed_count",
              "public_metrics.tweet_count", "verified", "verified_type", "withheld.scope", "withheld.copyright",
              "withheld.country_codes"].map { "author." + $0 }
        h += ["coordinates.coordinates", "coordinates.type", "country", "country_code", "full_name", "geo.bbox",
              "geo.type", "id", "name", "place_id", "place_type"].map { "geo." + $0 }
        h += ["matching_rules", "__twarc.retrieved_at", "__twarc.url", "__twarc.version"]
        return h
    }()

    static let twarcURL = "https://api.twitter.com/2/users/{id}/tweets?expansions=author_id%2Cin_reply_to_user_id%2Creferenced_tweets.id%2Creferenced_tweets.id.author_id%2Centities.mentions.username%2Cattachments.poll_ids%2Cattachments.media_keys%2Cgeo.place_id&tweet.fields=attachments%2Cauthor_id%2Ccontext_annotations%2Cconversation_id%2Ccreated_at%2Centities%2Cgeo%2Cid%2Cin_reply_to_user_id%2Clang%2Cpublic_metrics%2Ctext%2Cpossibly_sensitive%2Creferenced_tweets%2Creply_settings%2Csource%2Cwithheld&user.fields=created_at%2Cdescription%2Centities%2Cid%2Clocation%2Cname%2Cpinned_tweet_id%2Cprofile_image_url%2Cprotected%2Cpublic_metrics%2Curl%2Cusername%2Cverified%2Cwithheld&max_results=100"

    static let quoteTweets = SampleCalendar.seconds(year: 2015, month: 4, day: 6)

    mutating func writeTwarc2(_ post: SamplePost, to file: SampleFile, context: inout SampleWriterContext) throws {
        let world = context.world
        let org = context.org
        let retrieved = max(file.snapshot, post.time + 86_400)
        let age = retrieved - post.time
        func seen(_ v: Int) -> Int { SamplePost.observed(v, age: age) }
        let badTime = context.breaker.hit(.twarc2Timestamp)
        let quote = post.quoteAccount >= 0 && post.time >= Self.quoteTweets
        record.appendUInt64(post.id); record.append(0x2C)
        record.appendUInt64(post.replyStatus != 0 ? post.replyStatus : post.id); record.append(0x2C)
        if post.replyStatus != 0 { record.appendUInt64(post.replyStatus) }
        record.append(0x2C)
        if post.isRepost { record.appendUInt64(post.repostStatus) }
        record.append(0x2C)
        if quote { record.appendUInt64(post.quoteStatus) }
        record.append(0x2C)
        record.appendUInt64(org.userId); record.append(0x2C)
        if post.isReply {
            record.appendUInt64(world.accounts[post.replyAccount].userId); record.append(0x2C)
            record.append(world.accounts[post.replyAccount].handle)
        } else {
            record.append(0x2C)
        }
        record.append(0x2C)
        if post.isRepost {
            record.appendUInt64(world.accounts[post.repostAccount].userId); record.append(0x2C)
            record.append(world.accounts[post.repostAccount].handle)
        } else {
            record.append(0x2C)
        }
        record.append(0x2C)
        if quote {
            record.appendUInt64(world.accounts[post.quoteAccount].userId); record.append(0x2C)
            record.append(world.accounts[post.quoteAccount].handle)
        } else {
            record.append(0x2C)
        }
        record.append(0x2C)
        if !badTime { record.appendISOMillis(post.time, millis: post.millis) }
        record.append(0x2C)
        scratch.removeAll()
        scratch.appendText(post.isRepost ? post.originalText : post.text, html: true, backslashNewlines: true)
        record.appendMinimalField(scratch.bytes); record.append(0x2C)
        record.append("en,")
        record.appendMinimalField(context.clientName(post.client, at: post.time)); record.append(0x2C)
        // public_metrics: impressions only from December 2022, bookmarks from 2022.
        let modern = post.time >= SampleCalendar.seconds(year: 2022, month: 12, day: 15)
        if modern && !post.isRepost { record.appendInt(seen(post.impressions)) }
        record.append(0x2C)
        record.appendInt(seen(post.replies)); record.append(0x2C)
        record.appendInt(seen(post.reposts)); record.append(0x2C)
        record.appendInt(seen(post.quotes)); record.append(0x2C)
        record.appendInt(seen(post.likes)); record.append(0x2C)
        if modern { record.appendInt(seen(post.bookmarks)) }
        record.append(",everyone,")
        if post.time >= SampleCalendar.seconds(year: 2022, month: 9, day: 1) {
            record.append("\"[\"\""); record.appendUInt64(post.id); record.append("\"\"]\"")
        }
        record.append(",,,,False,,,,,,")
        appendJSONList(post.hashtags.map { "#" + $0 }); record.append(0x2C)
        appendJSONList(post.mentions.map { "@" + world.accounts[$0].handle }); record.append(0x2C)
        appendJSONList(post.expandedURLs); record.append(",,")
        let media = post.expandedURLs.contains { $0.hasSuffix("/photo/1") }
        if media { record.append("[{}],\"[\"\"3_"); record.appendUInt64(post.id &+ 1); record.append("\"\"]\"") } else { record.append(0x2C) }
        record.append(",,,,,,,")
        // The author.
        record.appendUInt64(org.userId); record.append(0x2C)
        scratch.removeAll(); scratch.appendISOMillis(org.accountCreated, millis: 0); record.append(scratch.bytes)
        record.append(0x2C)
        record.append(org.handle); record.append(0x2C)
        record.appendMinimalField(org.name); record.append(0x2C)
        record.appendMinimalField(org.bio); record.append(",,")
        let bioTags = org.bio.split(separator: " ").filter { $0.hasPrefix("#") }.map { String($0) }
        appendJSONList(bioTags); record.append(",,,,")
        record.append(org.website); record.append(0x2C)
        record.appendMinimalField(org.location); record.append(",,")
        record.append("https://pbs.twimg.com/profile_images/"); record.appendUInt64(org.userId &* 7 % 1_000_000_000_000)
        record.append("/logo_normal.jpg,False,")
        record.appendInt(followers(org, at: retrieved)); record.append(0x2C)
        record.appendInt(300 + Int(org.userId % 900)); record.append(0x2C)
        record.appendInt(10 + org.followers / 150); record.append(0x2C)
        record.appendInt(post.statusesCount + 40); record.append(0x2C)
        record.append(org.followers > 50_000 ? "True" : "False")
        record.append(",,,,,,,,,,,,,,,,,")  // verified, then verified_type to matching_rules empty
        scratch.removeAll(); scratch.appendISOOffset(retrieved); record.append(scratch.bytes)
        record.append(0x2C)
        record.append(Self.twarcURL.replacingOccurrences(of: "{id}", with: String(org.userId)))
        record.append(",2.12.0")
        record.append(file.lineEnd)
        let line = try file.writeRecord(&record)
        if badTime {
            context.rejects.append(SampleBadRecord(file: file.relativePath, line: line, format: .twarc2,
                                                   reason: "bad timestamp"))
        }
    }

    /// twarc-csv's JSON-encoded lists, as a CSV field (empty when the list is).
    private mutating func appendJSONList(_ items: [String]) {
        guard !items.isEmpty else { return }
        scratch.removeAll()
        scratch.append(0x5B)
        for (i, item) in items.enumerated() {
            if i > 0 { scratch.append(", ") }
            scratch.appendJSONString(Array(item.utf8))
        }
        scratch.append(0x5D)
        record.appendMinimalField(scratch.bytes)
    }

    // MARK: T4 twarc v1

    static let twarc1Header = ["id", "tweet_url", "created_at", "parsed_created_at", "user_screen_name", "text",
                               "tweet_type", "coordinates", "hashtags", "media", "urls", "favorite_count",
                               "in_reply_to_screen_name", "in_reply_to_status_id", "in_reply_to_user_id", "lang", "place",
                               "possibly_sensitive", "retweet_count", "retweet_or_quote_id",
                               "retweet_or_quote_screen_name", "retweet_or_quote_user_id", "source", "user_id",
                               "user_created_at", "user_default_profile_image", "user_description",
                               "user_favourites_count", "user_followers_count", "user_friends_count",
                               "user_listed_count", "user_location", "user_name", "user_statuses_count",
                               "user_time_zone", "user_urls", "user_verified"]

    mutating func writeTwarc1(_ post: SamplePost, to file: SampleFile, context: inout SampleWriterContext) throws {
        let world = context.world
        let org = context.org
        let retrieved = max(file.snapshot, post.time + 86_400)
        let age = retrieved - post.time
        func seen(_ v: Int) -> Int { SamplePost.observed(v, age: age) }
        let quote = post.quoteAccount >= 0 && post.time >= Self.quoteTweets
        record.appendUInt64(post.id); record.append(0x2C)
        record.append("https://twitter.com/"); record.append(org.handle); record.append("/status/")
        record.appendUInt64(post.id); record.append(0x2C)
        record.appendAPITime(post.time); record.append(0x2C)
        record.appendPythonTime(post.time); record.append(0x2C)
        record.append(org.handle); record.append(0x2C)
        scratch.removeAll(); scratch.appendText(post.text, html: true); record.appendMinimalField(scratch.bytes)
        record.append(0x2C)
        record.append(post.isRepost ? "retweet" : quote ? "quote" : post.isReply ? "reply" : "original")
        record.append(",,")
        record.appendMinimalField(post.hashtags.joined(separator: " ")); record.append(0x2C)
        let media = post.expandedURLs.filter { $0.hasSuffix("/photo/1") }
        record.appendMinimalField(media.joined(separator: " ")); record.append(0x2C)
        record.appendMinimalField(post.expandedURLs.filter { !$0.hasSuffix("/photo/1") }.joined(separator: " "))
        record.append(0x2C)
        record.appendInt(post.isRepost ? 0 : seen(post.likes)); record.append(0x2C)
        if post.isReply {
            record.append(world.accounts[post.replyAccount].handle); record.append(0x2C)
            if post.replyStatus != 0 { record.appendUInt64(post.replyStatus) }
            record.append(0x2C)
            record.appendUInt64(world.accounts[post.replyAccount].userId)
        } else {
            record.append(",,")
        }
        record.append(",en,,,")
        record.appendInt(seen(post.reposts)); record.append(0x2C)
        if post.isRepost {
            record.appendUInt64(post.repostStatus); record.append(0x2C)
            record.append(world.accounts[post.repostAccount].handle); record.append(0x2C)
            record.appendUInt64(world.accounts[post.repostAccount].userId)
        } else if quote {
            record.appendUInt64(post.quoteStatus); record.append(0x2C)
            record.append(world.accounts[post.quoteAccount].handle); record.append(0x2C)
            record.appendUInt64(world.accounts[post.quoteAccount].userId)
        } else {
            record.append(",,")
        }
        record.append(0x2C)
        record.appendMinimalField(context.anchors[post.client]); record.append(0x2C)
        record.appendUInt64(org.userId); record.append(0x2C)
        record.appendAPITime(org.accountCreated); record.append(",False,")
        record.appendMinimalField(org.bio); record.append(0x2C)
        record.appendInt(post.statusesCount / 4); record.append(0x2C)
        record.appendInt(followers(org, at: retrieved)); record.append(0x2C)
        record.appendInt(300 + Int(org.userId % 900)); record.append(0x2C)
        record.appendInt(10 + org.followers / 150); record.append(0x2C)
        record.appendMinimalField(org.location); record.append(0x2C)
        record.appendMinimalField(org.name); record.append(0x2C)
        record.appendInt(post.statusesCount + 40); record.append(0x2C)
        record.appendMinimalField(org.timeZone); record.append(0x2C)
        record.append(org.website); record.append(0x2C)
        record.append(org.followers > 50_000 ? "True" : "False")
        record.append(file.lineEnd)
        try file.writeRecord(&record)
    }
}

/// The account's followers at a time: growing from a handful at creation to the registry count.
func followers(_ org: SampleOrganization, at t: Int64) -> Int {
    let span = Double(max(1, sampleCorpusEnd - org.accountCreated))
    let x = min(1, max(0, Double(t - org.accountCreated) / span))
    return max(5, Int(Double(org.followers) * (0.03 + 0.97 * SampleMath.pow(max(x, 1e-6), 0.6))))
}
