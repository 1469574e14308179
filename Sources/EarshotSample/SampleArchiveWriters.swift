import EarshotCore
/// The archives people download today (formats.md Tier 2), written as real zip files: the
/// modern Twitter/X archive (T7, `data/tweets.js`) and the Mastodon archive (T8, `outbox.json`).
/// Records are written the way each exporter writes them: Twitter's pretty-printed JSON with
/// every number a string, Mastodon's compact Rails JSON with `<`, `>` and `&` as `\u003c`...

/// One organization's modern archive being written: its zip, the `tweets.js` part open now and
/// what the manifest will list.
final class SampleTwitterArchive {
    let archive: SampleArchive
    let plan: SamplePlan.ModernArchive
    var part: SampleFile?
    /// The parts written so far: entry name and posts.
    var parts: [(name: String, count: Int)] = []
    /// `note-tweet.js` elements (the whole text of posts longer than 280 characters), kept
    /// until the archive closes; at most `maxNotes`, so memory stays bounded.
    var notes: [[UInt8]] = []
    static let maxNotes = 1000

    init(archive: SampleArchive, plan: SamplePlan.ModernArchive) {
        self.archive = archive
        self.plan = plan
    }
}

/// One organization's Mastodon archive being written: its zip and the open `outbox.json`.
final class SampleMastodonArchive {
    let archive: SampleArchive
    let plan: SamplePlan.Mastodon
    let outbox: SampleFile

    init(archive: SampleArchive, plan: SamplePlan.Mastodon, outbox: SampleFile) {
        self.archive = archive
        self.plan = plan
        self.outbox = outbox
    }
}

struct SampleArchiveWriter {
    var record = SampleBytes(capacity: 8192)
    var scratch = SampleBytes(capacity: 4096)
    var html = SampleBytes(capacity: 4096)

    // MARK: T7 modern archive: tweets.js

    /// The zip's name: `twitter-2023-03-01-<64 hex digits>.zip`, as X names it.
    static func twitterZipName(org: SampleOrganization, exportDate: Int64, seed: UInt64) -> String {
        "twitter-" + SampleDateText.isoDate(exportDate) + "-" + hexDigits(seed, UInt64(org.index), count: 64) + ".zip"
    }

    static func hexDigits(_ a: UInt64, _ b: UInt64, count: Int) -> String {
        var out = ""
        var k: UInt64 = 0
        while out.count < count {
            let v = sampleHash(a, b, 0x21A0 + k)
            out += String(v, radix: 16).leftPadded(to: 16)
            k += 1
        }
        return String(out.prefix(count))
    }

    /// `data/tweets.js`, `data/tweets-part1.js`, ...: the first part has no number.
    static func partName(_ index: Int) -> String {
        index == 0 ? "data/tweets.js" : "data/tweets-part" + String(index) + ".js"
    }

    static func partHeader(_ index: Int) -> SampleBytes {
        SampleBytes("window.YTD.tweets.part" + String(index) + " = [ ")
    }

    static let partFooter = Array(" ]".utf8)

    /// Edit information is in every post of archives made since edits began (autumn 2022).
    static let editEra = SampleCalendar.seconds(year: 2022, month: 10, day: 1)
    /// Posts longer than 280 characters (X Premium) from February 2023.
    static let longPosts = SampleCalendar.seconds(year: 2023, month: 2, day: 9)

    /// One post as an element of the `tweets.js` array, pretty-printed as X writes it.
    mutating func writeTweet(_ post: SamplePost, to file: SampleFile, archive: SampleTwitterArchive,
                             context: inout SampleWriterContext) throws {
        let world = context.world
        let org = context.org
        let exportDate = file.snapshot
        let age = exportDate - post.time
        let badTime = context.breaker.hit(.tweetsJSTimestamp)
        let id = post.id

        // A long post: `full_text` is cut and the whole text goes to note-tweet.js.
        var noteText: [UInt8]? = nil
        if post.time >= Self.longPosts, !post.isRepost, !post.isReply, archive.notes.count < SampleTwitterArchive.maxNotes,
           !post.expandedURLs.contains(where: { $0.hasSuffix("/photo/1") }), sampleHash(id, 0x707E) % 12 == 0 {
            noteText = Self.longText(post, org: org)
        }
        var shown = post.text
        var cutLink: [UInt8]? = nil
        if let note = noteText {
            var cut = min(270, note.count)
            while cut > 0 && note[cut - 1] != 0x20 { cut -= 1 }
            shown = Array(note[0..<max(cut - 1, 1)])
            shown.append(contentsOf: [0xE2, 0x80, 0xA6, 0x20])   // "… "
            var link = Array("https://t.co/".utf8)
            var h = sampleHash(id, 0x7C0)
            for _ in 0..<10 { link.append(Self.base62[Int(h % 62)]); h /= 62 }
            shown.append(contentsOf: link)
            cutLink = link
        }

        record.append(file.records == 0 ? "{\n" : ", {\n")
        record.append("  \"tweet\" : {\n")
        if exportDate >= Self.editEra {
            record.append("    \"edit_info\" : {\n      \"initial\" : {\n        \"editTweetIds\" : [\n          \"")
            record.appendUInt64(id)
            record.append("\"\n        ],\n        \"editableUntil\" : \"")
            record.appendISOMillis(post.time + 3600, millis: post.millis)
            record.append("\",\n        \"editsRemaining\" : \"5\",\n        \"isEditEligible\" : ")
            record.append(post.time >= Self.editEra && !post.isRepost ? "true" : "false")
            record.append("\n      }\n    },\n")
        }
        record.append("    \"retweeted\" : false,\n    \"source\" : ")
        record.appendJSON(Array(context.anchors[post.client].utf8))
        record.append(",\n    \"entities\" : {\n")

        // Entities, with character offsets into the text as shown.
        record.append("      \"hashtags\" : [")
        for (k, tag) in post.hashtags.enumerated() {
            record.append(k == 0 ? "\n" : ",\n")
            let start = SampleFeedWriter.scalarOffset(of: Array(("#" + tag).utf8), in: shown)
            record.append("        {\n          \"text\" : "); record.appendJSON(Array(tag.utf8))
            record.append(",\n"); appendIndices(start, start + 1 + tag.count, indent: 10)
            record.append("\n        }")
        }
        record.append(post.hashtags.isEmpty ? " ],\n" : "\n      ],\n")
        record.append("      \"symbols\" : [ ],\n")
        var media: [Int] = []
        var links: [Int] = []
        for i in post.expandedURLs.indices {
            if post.expandedURLs[i].hasSuffix("/photo/1") { media.append(i) } else { links.append(i) }
        }
        if !media.isEmpty && noteText == nil {
            record.append("      \"media\" : [")
            for (k, i) in media.enumerated() {
                record.append(k == 0 ? "\n" : ",\n")
                let start = SampleFeedWriter.scalarOffset(of: post.shownURLs[i], in: shown)
                let mediaId = id &+ 1 &+ UInt64(k)
                let key = Self.mediaKey(mediaId)
                record.append("        {\n          \"expanded_url\" : "); record.appendJSON(Array(post.expandedURLs[i].utf8))
                record.append(",\n"); appendIndices(start, start + Self.scalars(post.shownURLs[i]), indent: 10)
                record.append(",\n          \"url\" : "); record.appendJSON(post.shownURLs[i])
                record.append(",\n          \"media_url\" : \"http://pbs.twimg.com/media/"); record.append(key)
                record.append(".jpg\",\n          \"id_str\" : \""); record.appendUInt64(mediaId)
                record.append("\",\n          \"id\" : \""); record.appendUInt64(mediaId)
                record.append("\",\n          \"media_url_https\" : \"https://pbs.twimg.com/media/"); record.append(key)
                record.append(".jpg\",\n          \"type\" : \"photo\",\n          \"display_url\" : \"pic.twitter.com/")
                record.append(key.prefix(10).lowercased()); record.append("\"\n        }")
            }
            record.append("\n      ],\n")
        }
        record.append("      \"user_mentions\" : [")
        var mentioned = post.mentions
        if post.isRepost { mentioned.insert(post.repostAccount, at: 0) }
        var seenMentions: Set<Int> = []
        var first = true
        for account in mentioned where seenMentions.insert(account).inserted {
            let a = world.accounts[account]
            record.append(first ? "\n" : ",\n")
            first = false
            let start = SampleFeedWriter.scalarOffset(of: Array(("@" + a.handle).utf8), in: shown)
            record.append("        {\n          \"name\" : "); record.appendJSON(Array(a.name.utf8))
            record.append(",\n          \"screen_name\" : \""); record.append(a.handle); record.append("\",\n")
            appendIndices(start, start + 1 + a.handle.count, indent: 10)
            record.append(",\n          \"id_str\" : \""); record.appendUInt64(a.userId)
            record.append("\",\n          \"id\" : \""); record.appendUInt64(a.userId); record.append("\"\n        }")
        }
        record.append(first ? " ],\n" : "\n      ],\n")
        record.append("      \"urls\" : [")
        first = true
        func url(_ shownURL: [UInt8], _ expanded: String) {
            record.append(first ? "\n" : ",\n")
            first = false
            let start = SampleFeedWriter.scalarOffset(of: shownURL, in: shown)
            record.append("        {\n          \"url\" : "); record.appendJSON(shownURL)
            record.append(",\n          \"expanded_url\" : "); record.appendJSON(Array(expanded.utf8))
            record.append(",\n          \"display_url\" : "); record.appendJSON(Array(SampleFeedWriter.display(expanded).utf8))
            record.append(",\n"); appendIndices(start, start + Self.scalars(shownURL), indent: 10)
            record.append("\n        }")
        }
        for i in links where noteText == nil || SampleFeedWriter.scalarOffset(of: post.shownURLs[i], in: shown) > 0 {
            url(post.shownURLs[i], post.expandedURLs[i])
        }
        if let cutLink { url(cutLink, "https://twitter.com/i/web/status/" + String(id)) }
        record.append(first ? " ]\n" : "\n      ]\n")
        record.append("    },\n")

        record.append("    \"display_text_range\" : [\n      \"0\",\n      \"")
        record.appendInt(Self.scalars(shown)); record.append("\"\n    ],\n")
        record.append("    \"favorite_count\" : \"")
        record.appendInt(post.isRepost ? 0 : SamplePost.observed(post.likes, age: age)); record.append("\",\n")
        let replyUser = post.isReply ? world.accounts[post.replyAccount] : nil
        if post.replyStatus != 0 {
            record.append("    \"in_reply_to_status_id_str\" : \""); record.appendUInt64(post.replyStatus); record.append("\",\n")
        }
        record.append("    \"id_str\" : \""); record.appendUInt64(id); record.append("\",\n")
        if let replyUser {
            record.append("    \"in_reply_to_user_id\" : \""); record.appendUInt64(replyUser.userId); record.append("\",\n")
        }
        record.append("    \"truncated\" : false,\n    \"retweet_count\" : \"")
        record.appendInt(post.isRepost ? 0 : SamplePost.observed(post.reposts, age: age)); record.append("\",\n")
        record.append("    \"id\" : \""); record.appendUInt64(id); record.append("\",\n")
        if post.replyStatus != 0 {
            record.append("    \"in_reply_to_status_id\" : \""); record.appendUInt64(post.replyStatus); record.append("\",\n")
        }
        if !post.expandedURLs.isEmpty { record.append("    \"possibly_sensitive\" : false,\n") }
        record.append("    \"created_at\" : \"")
        if badTime { record.append("undefined") } else { record.appendAPITime(post.time) }
        record.append("\",\n    \"favorited\" : false,\n    \"full_text\" : ")
        scratch.removeAll(); scratch.appendText(shown, html: true); record.appendJSON(scratch.bytes)
        record.append(",\n    \"lang\" : \"en\"")
        if let replyUser {
            record.append(",\n    \"in_reply_to_screen_name\" : \""); record.append(replyUser.handle)
            record.append("\",\n    \"in_reply_to_user_id_str\" : \""); record.appendUInt64(replyUser.userId); record.append("\"")
        }
        record.append("\n  }\n}")
        let line = try file.writeRecord(&record)
        if badTime {
            context.rejects.append(SampleBadRecord(file: file.relativePath, line: line, format: .tweetsJS, reason: "bad timestamp"))
        }
        if let note = noteText, !badTime { archive.notes.append(noteElement(post, text: note)) }
    }

    private mutating func appendIndices(_ start: Int, _ end: Int, indent: Int) {
        let pad = String(repeating: " ", count: indent)
        record.append(pad); record.append("\"indices\" : [\n")
        record.append(pad); record.append("  \""); record.appendInt(start); record.append("\",\n")
        record.append(pad); record.append("  \""); record.appendInt(end); record.append("\"\n")
        record.append(pad); record.append("]")
    }

    static let base62 = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    static func mediaKey(_ id: UInt64) -> String {
        var h = sampleHash(id, 0x3ED1A)
        var out: [UInt8] = []
        for _ in 0..<15 { out.append(base62[Int(h % 62)]); h = h / 62 == 0 ? sampleHash(h, 1) : h / 62 }
        return String(decoding: out, as: UTF8.self)
    }

    static func scalars(_ bytes: [UInt8]) -> Int {
        var n = 0
        for b in bytes where b & 0xC0 != 0x80 { n += 1 }
        return n
    }

    /// The whole text of a long post: the post, then a paragraph or two more.
    static func longText(_ post: SamplePost, org: SampleOrganization) -> [UInt8] {
        var text = post.text
        let paragraphs = [
            "A longer note from the team: \(org.name) has worked with people across \(org.city) for years, and this season is "
                + "busier than ever. Thank you to every volunteer, partner and neighbour who makes it possible.",
            "Everything we do is on \(org.domains[0]), where you can read more, ask us a question or tell us what we should "
                + "do next. We read every reply here and answer as many as we can.",
            "If you can, share this with someone in \(org.city) who might need it.",
        ]
        let start = Int(sampleHash(post.id, 0x1076) % UInt64(paragraphs.count))
        var k = 0
        while Self.scalars(text) <= 300 && k < paragraphs.count {
            text.append(contentsOf: [0x0A, 0x0A])
            text.append(contentsOf: paragraphs[(start + k) % paragraphs.count].utf8)
            k += 1
        }
        return text
    }

    private mutating func noteElement(_ post: SamplePost, text: [UInt8]) -> [UInt8] {
        var b = SampleBytes(capacity: 1024)
        b.append("{\n  \"noteTweet\" : {\n    \"noteTweetId\" : \""); b.appendUInt64(sampleHash(post.id, 0x0707) >> 4)
        b.append("\",\n    \"updatedAt\" : \""); b.appendISOMillis(post.time, millis: post.millis)
        b.append("\",\n    \"lifecycle\" : {\n      \"value\" : \"0\",\n      \"name\" : \"Draft\",\n      \"originalTypeName\" : \"Live\"\n    },\n")
        b.append("    \"createdAt\" : \""); b.appendISOMillis(post.time, millis: post.millis)
        b.append("\",\n    \"core\" : {\n      \"styletags\" : [ ],\n      \"urls\" : [ ],\n      \"text\" : ")
        scratch.removeAll(); scratch.appendText(text, html: true); b.appendJSON(scratch.bytes)
        b.append(",\n      \"mentions\" : [ ],\n      \"cashtags\" : [ ],\n      \"hashtags\" : [ ]\n    }\n  }\n}")
        return b.bytes
    }

    // MARK: T7 modern archive: the other files

    static func accountJS(org: SampleOrganization) -> SampleBytes {
        var b = SampleBytes(capacity: 512)
        b.append("window.YTD.account.part0 = [\n  {\n    \"account\" : {\n      \"email\" : \"comms@")
        b.append(org.domains[0]); b.append("\",\n      \"createdVia\" : \"web\",\n      \"username\" : \"")
        b.append(org.handle); b.append("\",\n      \"accountId\" : \""); b.appendUInt64(org.userId)
        b.append("\",\n      \"createdAt\" : \""); b.appendISOMillis(org.accountCreated, millis: 0)
        b.append("\",\n      \"accountDisplayName\" : "); b.appendJSON(Array(org.name.utf8))
        b.append("\n    }\n  }\n]")
        return b
    }

    /// `data/follower.js`: a few of the accounts that follow the organization (no posts).
    static func followerJS(org: SampleOrganization, world: SampleWorld) -> SampleBytes {
        var b = SampleBytes(capacity: 4096)
        b.append("window.YTD.follower.part0 = [")
        let followers = (org.partners + org.people).prefix(40)
        for (k, account) in followers.enumerated() {
            let id = world.accounts[account].userId
            b.append(k == 0 ? " {\n" : ", {\n")
            b.append("  \"follower\" : {\n    \"accountId\" : \""); b.appendUInt64(id)
            b.append("\",\n    \"userLink\" : \"https://twitter.com/intent/user?user_id="); b.appendUInt64(id)
            b.append("\"\n  }\n}")
        }
        b.append(followers.isEmpty ? " ]" : " ]")
        return b
    }

    static func noteTweetJS(_ notes: [[UInt8]]) -> SampleBytes {
        var b = SampleBytes(capacity: notes.reduce(64) { $0 + $1.count + 4 })
        b.append("window.YTD.note_tweet.part0 = [ ")
        for (k, note) in notes.enumerated() {
            if k > 0 { b.append(", ") }
            b.append(note)
        }
        b.append(" ]")
        return b
    }

    /// `data/manifest.js`: the account and the files of each data type, with their counts.
    static func manifestJS(org: SampleOrganization, archive: SampleTwitterArchive, sizeBytes: Int64) -> SampleBytes {
        var b = SampleBytes(capacity: 2048)
        b.append("window.__THAR_CONFIG = {\n  \"userInfo\" : {\n    \"accountId\" : \""); b.appendUInt64(org.userId)
        b.append("\",\n    \"userName\" : \""); b.append(org.handle)
        b.append("\",\n    \"displayName\" : "); b.appendJSON(Array(org.name.utf8))
        b.append("\n  },\n  \"archiveInfo\" : {\n    \"sizeBytes\" : \""); b.appendInt64(sizeBytes)
        b.append("\",\n    \"generationDate\" : \""); b.appendISOMillis(archive.plan.exportDate, millis: 0)
        b.append("\",\n    \"isPartialArchive\" : false,\n    \"maxPartSizeBytes\" : \"53687091200\"\n  },\n")
        b.append("  \"readmeInfo\" : {\n    \"fileName\" : \"data/README.txt\",\n    \"directory\" : \"data/\",\n    \"name\" : \"README.txt\"\n  },\n")
        b.append("  \"dataTypes\" : {\n")
        func files(_ type: String, _ list: [(name: String, global: String, count: Int)], last: Bool = false) {
            b.append("    \""); b.append(type); b.append("\" : {\n      \"files\" : [")
            for (k, file) in list.enumerated() {
                b.append(k == 0 ? "\n" : ",\n")
                b.append("        {\n          \"fileName\" : \""); b.append(file.name)
                b.append("\",\n          \"globalName\" : \""); b.append(file.global)
                b.append("\",\n          \"count\" : \""); b.appendInt(file.count); b.append("\"\n        }")
            }
            b.append(list.isEmpty ? " ]\n" : "\n      ]\n")
            b.append(last ? "    }\n" : "    },\n")
        }
        files("account", [("data/account.js", "YTD.account.part0", 1)])
        let followers = min(40, org.partners.count + org.people.count)
        files("follower", [("data/follower.js", "YTD.follower.part0", followers)])
        files("noteTweet", archive.notes.isEmpty ? [] : [("data/note-tweet.js", "YTD.note_tweet.part0", archive.notes.count)])
        files("tweets", archive.parts.enumerated().map { (k, part) in (part.name, "YTD.tweets.part" + String(k), part.count) }, last: true)
        b.append("  }\n}")
        return b
    }

    static func yourArchiveHTML(org: SampleOrganization) -> SampleBytes {
        var b = SampleBytes(capacity: 600)
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Your archive</title>\n</head>\n<body>\n")
        b.append("<noscript>Your archive needs JavaScript to show the data. The data itself is in the data folder.</noscript>\n")
        b.append("<div id=\"root\" data-account=\""); b.append(org.handle); b.append("\"></div>\n")
        b.append("<script src=\"assets/js/main.js\"></script>\n</body>\n</html>\n")
        return b
    }

    // MARK: T8 Mastodon archive

    /// The zip's name: `archive-20230115093012-<32 hex digits>.zip`, as Mastodon names it.
    static func mastodonZipName(org: SampleOrganization, exportDate: Int64, seed: UInt64) -> String {
        let c = SampleCalendar.civil(exportDate)
        var b = SampleBytes(capacity: 64)
        b.append("archive-"); b.appendPadded(c.year, width: 4); b.appendPadded(c.month, width: 2); b.appendPadded(c.day, width: 2)
        b.appendPadded(c.hour, width: 2); b.appendPadded(c.minute, width: 2); b.appendPadded(c.second, width: 2)
        b.append("-"); b.append(hexDigits(seed, UInt64(org.index) | 0x8000_0000, count: 32)); b.append(".zip")
        return b.string
    }

    /// The server an account is on: a Mastodon organization's own, else one of the big ones.
    static func host(of account: Int, world: SampleWorld) -> String {
        let a = world.accounts[account]
        if let o = a.org, let mastodon = world.orgs[o].plan.mastodon { return mastodon.host }
        return SampleWorld.mastodonHosts[Int(stableHash("host:" + a.handle.lowercased()) % UInt64(SampleWorld.mastodonHosts.count))]
    }

    /// Mastodon's ids: milliseconds since 1970 in the high bits, 16 random bits below. A post's
    /// Mastodon id comes from the time in its Twitter snowflake id, so that replies and threads
    /// can point at statuses they never store.
    static func mastodonID(_ twitterID: UInt64) -> UInt64 {
        let low = splitMix64(twitterID) & 0xFFFF
        guard twitterID >= 1 << 40 else { return (1_600_000_000_000 + twitterID % 100_000_000_000) << 16 | low }
        let ms = (twitterID >> 22) &+ 1_288_834_974_657
        return ms << 16 | low
    }

    static func outboxHeader(declaredItems: Int, duplicateItems: Bool) -> SampleBytes {
        var b = SampleBytes(capacity: 200)
        b.append("{\"@context\":\"https://www.w3.org/ns/activitystreams\",\"id\":\"outbox.json\",\"type\":\"OrderedCollection\",\"totalItems\":")
        b.appendInt(declaredItems)
        b.append(duplicateItems ? ",\"orderedItems\":[],\"orderedItems\":[" : ",\"orderedItems\":[")
        return b
    }

    static let outboxFooter = Array("]}".utf8)

    /// One post as an activity of the outbox: a `Create` of a `Note`, or an `Announce` (boost).
    mutating func writeActivity(_ post: SamplePost, to file: SampleFile, plan: SamplePlan.Mastodon,
                                context: inout SampleWriterContext) throws {
        let world = context.world
        let org = context.org
        let badTime = context.breaker.hit(.mastodonTimestamp)
        let host = plan.host
        let actor = "https://" + host + "/users/" + org.handle
        let mid = Self.mastodonID(post.id)
        let status = actor + "/statuses/" + String(mid)
        let public_ = "https://www.w3.org/ns/activitystreams#Public"
        func published(_ b: inout SampleBytes) {
            b.append("\"published\":\"")
            if badTime { b.append("Invalid Date") } else { Self.appendMastodonTime(post.time, &b) }
            b.append("\"")
        }

        if file.records > 0 { record.append(0x2C) }
        if post.isRepost {
            let author = world.accounts[post.repostAccount]
            let authorActor = "https://" + Self.host(of: post.repostAccount, world: world) + "/users/" + author.handle
            record.append("{\"id\":\""); record.append(status); record.append("/activity\",\"type\":\"Announce\",\"actor\":\"")
            record.append(actor); record.append("\",")
            published(&record)
            record.append(",\"to\":[\""); record.append(public_); record.append("\"],\"cc\":[\"")
            record.append(authorActor); record.append("\",\""); record.append(actor); record.append("/followers\"],\"object\":\"")
            record.append(authorActor); record.append("/statuses/"); record.appendUInt64(Self.mastodonID(post.repostStatus))
            record.append("\"}")
        } else {
            var inReplyTo: String? = nil
            if post.isReply {
                let target = world.accounts[post.replyAccount]
                let targetActor = post.replyAccount == world.accountOfOrg[org.index]
                    ? actor : "https://" + Self.host(of: post.replyAccount, world: world) + "/users/" + target.handle
                // A reply that named only the user answers that user's latest status.
                let targetStatus = post.replyStatus != 0 ? post.replyStatus
                    : SampleTimeline.statusId(seconds: post.time - 3_600, millis: 0, worker: 0, sequence: UInt64(post.replyAccount))
                inReplyTo = targetActor + "/statuses/" + String(Self.mastodonID(targetStatus))
            }
            var mentionActors: [(handle: String, host: String)] = []
            for account in post.mentions where !mentionActors.contains(where: { $0.handle == world.accounts[account].handle }) {
                mentionActors.append((world.accounts[account].handle, Self.host(of: account, world: world)))
            }
            appendContentHTML(post, context: context, ownHost: host)

            record.append("{\"id\":\""); record.append(status); record.append("/activity\",\"type\":\"Create\",\"actor\":\"")
            record.append(actor); record.append("\",")
            published(&record)
            record.append(",\"to\":[\""); record.append(public_); record.append("\"],\"cc\":[\"")
            record.append(actor); record.append("/followers\"")
            for m in mentionActors { record.append(",\"https://"); record.append(m.host); record.append("/users/"); record.append(m.handle); record.append("\"") }
            record.append("],\"object\":{\"id\":\""); record.append(status)
            record.append("\",\"type\":\"Note\",\"summary\":null,\"inReplyTo\":")
            if let inReplyTo { record.append("\""); record.append(inReplyTo); record.append("\"") } else { record.append("null") }
            record.append(","); published(&record)
            record.append(",\"url\":\"https://"); record.append(host); record.append("/@"); record.append(org.handle)
            record.append("/"); record.appendUInt64(mid)
            record.append("\",\"attributedTo\":\""); record.append(actor)
            record.append("\",\"to\":[\""); record.append(public_); record.append("\"],\"cc\":[\""); record.append(actor)
            record.append("/followers\"],\"sensitive\":false,\"atomUri\":\""); record.append(status)
            record.append("\",\"inReplyToAtomUri\":")
            if let inReplyTo { record.append("\""); record.append(inReplyTo); record.append("\"") } else { record.append("null") }
            record.append(",\"conversation\":\"tag:"); record.append(host); record.append(",")
            record.appendISODate(SampleCalendar.civil(post.time)); record.append(":objectId=")
            record.appendUInt64(sampleHash(post.id, 0xC0) % 900_000_000 + 100_000_000)
            record.append(":objectType=Conversation\",\"content\":")
            record.appendJSON(html.bytes, htmlSafe: true)
            record.append(",\"contentMap\":{\"en\":"); record.appendJSON(html.bytes, htmlSafe: true)
            record.append("},\"attachment\":[")
            if post.expandedURLs.contains(where: { $0.hasSuffix("/photo/1") }) {
                let key = Self.mediaKey(mid)
                record.append("{\"type\":\"Document\",\"mediaType\":\"image/jpeg\",\"url\":\"/media_attachments/files/")
                record.appendUInt64(mid / 1_000_000_000_000); record.append("/"); record.appendUInt64(mid / 1_000_000 % 1_000_000)
                record.append("/original/"); record.append(key.lowercased())
                record.append(".jpg\",\"name\":null,\"blurhash\":\"U"); record.append(String(key.prefix(11)))
                record.append("\",\"width\":1200,\"height\":800}")
            }
            record.append("],\"tag\":[")
            var firstTag = true
            for m in mentionActors {
                if !firstTag { record.append(0x2C) }
                firstTag = false
                record.append("{\"type\":\"Mention\",\"href\":\"https://"); record.append(m.host); record.append("/users/")
                record.append(m.handle); record.append("\",\"name\":\"@"); record.append(m.handle)
                if m.host != host { record.append("@"); record.append(m.host) }
                record.append("\"}")
            }
            var tags: [String] = []
            for tag in post.hashtags where !tags.contains(where: { $0.lowercased() == tag.lowercased() }) { tags.append(tag) }
            for tag in tags {
                if !firstTag { record.append(0x2C) }
                firstTag = false
                record.append("{\"type\":\"Hashtag\",\"href\":\"https://"); record.append(host); record.append("/tags/")
                record.append(tag.lowercased()); record.append("\",\"name\":\"#"); record.append(tag.lowercased()); record.append("\"}")
            }
            record.append("],\"replies\":{\"id\":\""); record.append(status)
            record.append("/replies\",\"type\":\"Collection\",\"first\":{\"type\":\"CollectionPage\",\"next\":\"")
            record.append(status); record.append("/replies?only_other_accounts=true\\u0026page=true\",\"partOf\":\"")
            record.append(status); record.append("/replies\",\"items\":[]}}")
            if plan.counters {
                let age = plan.exportDate - post.time
                record.append(",\"likes\":{\"id\":\""); record.append(status); record.append("/likes\",\"type\":\"Collection\",\"totalItems\":")
                record.appendInt(Self.fediverseShare(SamplePost.observed(post.likes, age: age)))
                record.append("},\"shares\":{\"id\":\""); record.append(status); record.append("/shares\",\"type\":\"Collection\",\"totalItems\":")
                record.appendInt(Self.fediverseShare(SamplePost.observed(post.reposts, age: age)))
                record.append("}")
            }
            record.append("}}")
        }
        let line = try file.writeRecord(&record)
        if badTime {
            context.rejects.append(SampleBadRecord(file: file.relativePath, line: line, format: .mastodon, reason: "bad timestamp"))
        }
    }

    /// Audiences that followed an organization to Mastodon are a fraction of its old one.
    static func fediverseShare(_ count: Int) -> Int { count * 3 / 10 }

    /// `2022-11-07T15:24:51Z`.
    private static func appendMastodonTime(_ t: Int64, _ b: inout SampleBytes) {
        let c = SampleCalendar.civil(t)
        b.appendISODate(c); b.append(0x54); b.appendClock(c, seconds: true); b.append(0x5A)
    }

    /// The text as the HTML Mastodon stores (into `html`): one paragraph, line breaks as `<br />`,
    /// full links (no t.co) with Mastodon's invisible spans, mentions as h-cards and hashtags as
    /// tag links. A photo is an attachment, not a link; a quoted status is linked on the quoted
    /// account's server.
    private mutating func appendContentHTML(_ post: SamplePost, context: SampleWriterContext, ownHost: String) {
        let world = context.world
        html.removeAll()
        html.append("<p>")
        let text = post.text
        var i = 0
        let n = text.count
        func isWord(_ b: UInt8) -> Bool { (b >= 0x30 && b <= 0x39) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A) || b == 0x5F }
        scan: while i < n {
            let b = text[i]
            for k in post.shownURLs.indices {
                let shown = post.shownURLs[k]
                guard !shown.isEmpty, text[i] == shown[0], i + shown.count <= n, text[i..<(i + shown.count)].elementsEqual(shown) else { continue }
                let expanded = post.expandedURLs[k]
                if expanded.hasSuffix("/photo/1") {
                    while let last = html.bytes.last, last == 0x20 { html.bytes.removeLast() }
                } else {
                    appendLink(Self.mastodonURL(expanded, post: post, world: world))
                }
                i += shown.count
                continue scan
            }
            if (b == 0x40 || b == 0x23) && (i == 0 || !isWord(text[i - 1])) {
                var j = i + 1
                while j < n && isWord(text[j]) { j += 1 }
                let word = String(decoding: text[(i + 1)..<j], as: UTF8.self)
                if b == 0x40, let account = post.mentions.first(where: { world.accounts[$0].handle.lowercased() == word.lowercased() }) {
                    let host = Self.host(of: account, world: world)
                    html.append("<span class=\"h-card\" translate=\"no\"><a href=\"https://"); html.append(host); html.append("/@")
                    html.append(word); html.append("\" class=\"u-url mention\">@<span>"); html.append(word); html.append("</span></a></span>")
                    i = j
                    continue
                }
                if b == 0x23, !word.isEmpty, post.hashtags.contains(where: { $0.lowercased() == word.lowercased() }) {
                    html.append("<a href=\"https://"); html.append(ownHost); html.append("/tags/"); html.append(word.lowercased())
                    html.append("\" class=\"mention hashtag\" rel=\"tag\">#<span>"); html.append(word); html.append("</span></a>")
                    i = j
                    continue
                }
            }
            switch b {
            case 0x0A: html.append("<br />")
            case 0x26: html.append("&amp;")
            case 0x3C: html.append("&lt;")
            case 0x3E: html.append("&gt;")
            case 0x22: html.append("&quot;")
            case 0x27: html.append("&#39;")
            default: html.append(b)
            }
            i += 1
        }
        html.append("</p>")
    }

    /// A Twitter status link becomes the same status on the quoted account's Mastodon server.
    static func mastodonURL(_ expanded: String, post: SamplePost, world: SampleWorld) -> String {
        guard post.quoteAccount >= 0, expanded.contains("/status/"), expanded.hasSuffix("/" + String(post.quoteStatus)) else {
            return expanded
        }
        let account = world.accounts[post.quoteAccount]
        return "https://" + host(of: post.quoteAccount, world: world) + "/@" + account.handle + "/" + String(mastodonID(post.quoteStatus))
    }

    /// `<a>` with Mastodon's spans: the scheme hidden, the first 30 characters shown, the rest hidden.
    private mutating func appendLink(_ url: String) {
        var rest = Substring(url)
        var scheme = ""
        for prefix in ["https://www.", "http://www.", "https://", "http://"] where rest.hasPrefix(prefix) {
            scheme = prefix
            rest = rest.dropFirst(prefix.count)
            break
        }
        html.append("<a href=\""); appendAttribute(url)
        html.append("\" target=\"_blank\" rel=\"nofollow noopener noreferrer\" translate=\"no\"><span class=\"invisible\">")
        html.append(scheme)
        if rest.count > 30 {
            html.append("</span><span class=\"ellipsis\">"); appendAttribute(String(rest.prefix(30)))
            html.append("</span><span class=\"invisible\">"); appendAttribute(String(rest.dropFirst(30)))
        } else {
            html.append("</span><span class=\"\">"); appendAttribute(String(rest))
            html.append("</span><span class=\"invisible\">")
        }
        html.append("</span></a>")
    }

    private mutating func appendAttribute(_ text: String) {
        for b in text.utf8 {
            switch b {
            case 0x26: html.append("&amp;")
            case 0x3C: html.append("&lt;")
            case 0x3E: html.append("&gt;")
            case 0x22: html.append("&quot;")
            default: html.append(b)
            }
        }
    }

    // MARK: T8 Mastodon archive: the other files

    static func actorJSON(org: SampleOrganization, plan: SamplePlan.Mastodon) -> SampleBytes {
        let actor = "https://" + plan.host + "/users/" + org.handle
        var b = SampleBytes(capacity: 2048)
        b.append("{\"@context\":[\"https://www.w3.org/ns/activitystreams\",\"https://w3id.org/security/v1\"],\"id\":\"")
        b.append(actor); b.append("\",\"type\":\"Person\",\"following\":\""); b.append(actor)
        b.append("/following\",\"followers\":\""); b.append(actor); b.append("/followers\",\"inbox\":\""); b.append(actor)
        b.append("/inbox\",\"outbox\":\"outbox.json\",\"featured\":\""); b.append(actor)
        b.append("/collections/featured\",\"preferredUsername\":\""); b.append(org.handle)
        b.append("\",\"name\":"); b.appendJSON(Array(org.name.utf8))
        b.append(",\"summary\":"); b.appendJSON(Array(("<p>" + SampleArchiveWriter.htmlEscaped(org.bio) + "</p>").utf8), htmlSafe: true)
        b.append(",\"url\":\"https://"); b.append(plan.host); b.append("/@"); b.append(org.handle)
        b.append("\",\"manuallyApprovesFollowers\":false,\"discoverable\":true,\"published\":\"")
        b.appendISODate(SampleCalendar.civil(plan.moveDate - 86_400)); b.append("T00:00:00Z\",\"attachment\":[{\"type\":\"PropertyValue\",\"name\":\"Website\",\"value\":")
        b.appendJSON(Array(("<a href=\"" + org.website + "\" rel=\"me nofollow noopener noreferrer\" target=\"_blank\">" + org.website + "</a>").utf8), htmlSafe: true)
        b.append("}],\"icon\":{\"type\":\"Image\",\"mediaType\":\"image/png\",\"url\":\"avatar.png\"}}")
        return b
    }

    static func htmlEscaped(_ text: String) -> String {
        var out = ""
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }

    /// `likes.json` or `bookmarks.json`: statuses of accounts the organization follows.
    static func statusCollection(_ name: String, org: SampleOrganization, plan: SamplePlan.Mastodon, world: SampleWorld) -> SampleBytes {
        var b = SampleBytes(capacity: 2048)
        b.append("{\"@context\":\"https://www.w3.org/ns/activitystreams\",\"id\":\""); b.append(name)
        b.append("\",\"type\":\"OrderedCollection\",\"orderedItems\":[")
        let accounts = org.partners.prefix(name == "likes.json" ? 12 : 3)
        for (k, account) in accounts.enumerated() {
            if k > 0 { b.append(0x2C) }
            let t = plan.moveDate + Int64(k + 1) * 5 * 86_400
            let status = SampleTimeline.statusId(seconds: t, millis: k, worker: 1, sequence: UInt64(account))
            b.append("\"https://"); b.append(host(of: account, world: world)); b.append("/users/"); b.append(world.accounts[account].handle)
            b.append("/statuses/"); b.appendUInt64(mastodonID(status)); b.append("\"")
        }
        b.append("]}")
        return b
    }
}

extension SampleBytes {
    /// A JSON string literal of any text: `"`, `\` and control characters escaped; with
    /// `htmlSafe`, also `<`, `>` and `&` as `\u003c`, `\u003e`, `\u0026` (Rails' JSON, which
    /// Mastodon writes).
    mutating func appendJSON(_ text: [UInt8], htmlSafe: Bool = false) {
        bytes.append(0x22)
        for b in text {
            switch b {
            case 0x22: bytes.append(0x5C); bytes.append(0x22)
            case 0x5C: bytes.append(0x5C); bytes.append(0x5C)
            case 0x0A: bytes.append(0x5C); bytes.append(0x6E)
            case 0x0D: bytes.append(0x5C); bytes.append(0x72)
            case 0x09: bytes.append(0x5C); bytes.append(0x74)
            case 0x3C where htmlSafe: append("\\u003c")
            case 0x3E where htmlSafe: append("\\u003e")
            case 0x26 where htmlSafe: append("\\u0026")
            case 0..<0x20:
                append("\\u00"); bytes.append(Self.hex[Int(b >> 4)]); bytes.append(Self.hex[Int(b & 0xF)])
            default: bytes.append(b)
            }
        }
        bytes.append(0x22)
    }

    private static let hex = Array("0123456789abcdef".utf8)
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
