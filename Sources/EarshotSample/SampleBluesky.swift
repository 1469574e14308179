import EarshotCore

/// What one generated Bluesky repository holds, as the reader should find it (formats.md T10
/// and metrics.md's markers): the tests read the file back and compare.
public struct SampleBlueskyTally: Sendable, Equatable {
    /// The organization (registry handle) and its account's DID.
    public var organization = ""
    public var did = ""
    /// Posts by kind: originals; threads (replies to its own posts); replies to other accounts;
    /// quotes of other accounts' posts (`embed.record`, or `recordWithMedia`, counted again in
    /// `quotesWithMedia`); reposts of its own posts and of others'.
    public var originals = 0, threads = 0, replies = 0, quotes = 0, selfReposts = 0, reposts = 0
    public var quotesWithMedia = 0
    /// Posts with an `embed.external` link card (a quote's card is in `quotesWithMedia`).
    public var externalEmbeds = 0
    /// What the reader should give, summed over the posts: distinct links (facet links, then the
    /// card's), distinct mention DIDs, distinct facet tags.
    public var links = 0, mentions = 0, tags = 0
    /// Records of other collections (likes, follows, the profile): not posts.
    public var ignored: [String: Int] = [:]
    /// Records deleted before the export: their blocks are in the file, reachable only from the
    /// older commits, which are in the file too.
    public var deletedKeys: [String] = []
    public var deletedCIDs: [CID] = []
    public var oldCommits: [CID] = []

    public var posts: Int { originals + threads + replies + quotes + selfReposts + reposts }

    public init() {}
}

/// An organization's Bluesky repository: its posts are collected as the generator routes them
/// (newest first), then written oldest first as records of a Merkle Search Tree under a signed
/// commit, with the likes, follows and profile every account has, and a few posts deleted
/// after older commits that still hold them.
struct SampleBlueskyRepository {
    let org: SampleOrganization
    let plan: SamplePlan.Bluesky
    private(set) var posts: [SamplePost] = []

    init(org: SampleOrganization, plan: SamplePlan.Bluesky) {
        self.org = org
        self.plan = plan
    }

    mutating func add(_ post: SamplePost) { posts.append(post) }

    /// The plan of an organization that has none (a corpus of some formats only): its whole
    /// history on Bluesky, under `<handle>.bsky.social`.
    static func fallbackPlan(org: SampleOrganization, world: SampleWorld) -> SamplePlan.Bluesky {
        let identity = world.blueskyIdentity(of: world.accountOfOrg[org.index])
        return SamplePlan.Bluesky(moveDate: org.firstPost, exportDate: org.lastPost + 5 * 86_400, handle: identity.handle,
                                  did: identity.did, share: 1, registryListsDID: false)
    }

    /// `<handle>.<YYYYMMDDhhmmss>.car`, as `goat repo export` names it: in `exports/bluesky/`
    /// when the registry's `accounts` column lists the account (the file name or the commit's
    /// DID decide the organization), else in the organization's folder.
    static func fileName(plan: SamplePlan.Bluesky, org: SampleOrganization, listed: Bool) -> String {
        let c = SampleCalendar.civil(plan.exportDate)
        var stamp = SampleBytes(capacity: 16)
        stamp.appendPadded(c.year, width: 4); stamp.appendPadded(c.month, width: 2); stamp.appendPadded(c.day, width: 2)
        stamp.appendPadded(c.hour, width: 2); stamp.appendPadded(c.minute, width: 2); stamp.appendPadded(c.second, width: 2)
        let folder = listed ? "exports/bluesky/" : "exports/" + org.lower + "/"
        return folder + plan.handle + "." + String(decoding: stamp.bytes, as: UTF8.self) + ".car"
    }

    static let postCollection = "app.bsky.feed.post"
    static let repostCollection = "app.bsky.feed.repost"
    static let likeCollection = "app.bsky.feed.like"
    static let followCollection = "app.bsky.graph.follow"
    static let profileCollection = "app.bsky.actor.profile"

    private struct Record {
        var key: String
        var time: Int64
        var block: SampleBlock
        /// A post's fields, kept to write a copy of it.
        var fields: [(String, SampleCBOR)] = []
    }

    private struct OwnPost {
        var uri: String
        var cid: CID
        var rootURI: String
        var rootCID: CID
    }

    private enum Feature {
        case link(String), mention(String), tag(String)
    }

    /// The CAR file's bytes and what it holds.
    func write(world: SampleWorld, seed: UInt64) -> (bytes: [UInt8], tally: SampleBlueskyTally) {
        var tally = SampleBlueskyTally()
        tally.organization = org.lower
        tally.did = plan.did
        var random = SampleRandom(seed: seed, stream: org.stream ^ 0xB15C)
        let selfAccount = world.accountOfOrg[org.index]
        var records: [Record] = []
        var usedKeys: Set<String> = []
        func key(_ collection: String, seconds: Int64, millis: Int, clock: UInt64) -> String {
            var clock = clock & 0x3FF
            while true {
                let key = collection + "/" + SampleATProto.tid(seconds: seconds, millis: millis, clock: clock)
                if usedKeys.insert(key).inserted { return key }
                clock = (clock + 1) & 0x3FF
            }
        }
        func uri(_ did: String, _ key: String) -> String { "at://" + did + "/" + key }
        /// Another account's post (a reply's parent, a quoted or reposted post): its URI from the
        /// status id the composer drew (a snowflake carries its time), and a CID for it.
        func foreignPost(account: Int, status: UInt64) -> (uri: String, cid: CID) {
            let ms = Int64(status >> 22) + 1_288_834_974_657
            let rkey = SampleATProto.tid(micros: ms * 1000 + Int64(status & 0x3FF), clock: status & 0x3FF)
            let u = "at://" + world.blueskyIdentity(of: account).did + "/" + Self.postCollection + "/" + rkey
            return (u, SampleATProto.foreignCID(u))
        }
        func strongRef(_ u: String, _ cid: CID) -> SampleCBOR { .map([("cid", .link(cid)), ("uri", .text(u))]) }

        var quotesSoFar = 0
        var own: [UInt64: OwnPost] = [:]
        var lastOwn: OwnPost? = nil
        for post in posts.reversed() {
            let created = SampleATProto.timestamp(post.time, millis: post.millis)
            if post.isRepost {
                var subject: (uri: String, cid: CID)? = nil
                if post.category == .selfRepost, let target = own[post.repostStatus] ?? lastOwn {
                    subject = (target.uri, target.cid)
                }
                let isSelf = subject != nil
                if subject == nil {
                    // A self-repost of a post that stayed on X: a partner's post instead.
                    let account = post.category == .selfRepost ? (org.partners.first ?? org.people.first ?? 0) : post.repostAccount
                    subject = foreignPost(account: account, status: post.repostStatus)
                }
                guard let subject else { continue }
                let k = key(Self.repostCollection, seconds: post.time, millis: post.millis, clock: post.id)
                records.append(Record(key: k, time: post.time, block: SampleBlock(.map([
                    ("$type", .text(Self.repostCollection)), ("createdAt", .text(created)),
                    ("subject", strongRef(subject.uri, subject.cid)),
                ]))))
                if isSelf { tally.selfReposts += 1 } else { tally.reposts += 1 }
                continue
            }

            let rendered = render(post, world: world)
            var text = rendered.text, facets = rendered.facets
            let photo = rendered.photo
            var fields: [(String, SampleCBOR)] = [("$type", .text(Self.postCollection)), ("createdAt", .text(created)),
                                                  ("langs", .array([.text("en")]))]
            // Reply: a thread when the parent is its own post on Bluesky; a reply to its own
            // post that stayed on X starts the thread here (a post of its own).
            var reply: (parent: (uri: String, cid: CID), root: (uri: String, cid: CID))? = nil
            var threadReply = false
            if post.isReply {
                if post.replyAccount == selfAccount {
                    if let parent = own[post.replyStatus] {
                        reply = ((parent.uri, parent.cid), (parent.rootURI, parent.rootCID))
                        threadReply = true
                    }
                } else {
                    let status = post.replyStatus != 0 ? post.replyStatus
                        : SampleTimeline.statusId(seconds: post.time - 3_600, millis: 0, worker: 0, sequence: UInt64(post.replyAccount))
                    let parent = foreignPost(account: post.replyAccount, status: status)
                    // Some replies answer a reply further down someone's thread.
                    let root = random.chance(0.3) ? foreignPost(account: post.replyAccount, status: status &- (1 << 34)) : parent
                    reply = (parent, root)
                }
            }
            // Embeds: a quote (with a photo or link card beside it: recordWithMedia), else a
            // photo, else a link card for the last link.
            let links = facets.compactMap { if case let .link(u) = $0.feature { return u } else { return nil } }
            var embed: SampleCBOR? = nil
            var cardURI: String? = nil
            if post.quoteAccount >= 0 {
                let quoted = foreignPost(account: post.quoteAccount, status: post.quoteStatus)
                let record: SampleCBOR = .map([("$type", .text("app.bsky.embed.record")), ("record", strongRef(quoted.uri, quoted.cid))])
                var media: SampleCBOR? = nil
                if photo {
                    media = image(post)
                } else if let last = links.last, random.chance(0.5) {
                    media = card(last, post: post)
                    cardURI = last
                } else if quotesSoFar % 2 == 1 {
                    // Every other quote carries a photo taken on the day beside the quoted post.
                    media = image(post)
                }
                quotesSoFar += 1
                if let media {
                    embed = .map([("$type", .text("app.bsky.embed.recordWithMedia")), ("media", media), ("record", record)])
                    if reply == nil { tally.quotesWithMedia += 1 }
                } else {
                    embed = record
                }
            } else if photo {
                embed = image(post)
            } else if let last = links.last, random.chance(0.6) {
                embed = card(last, post: post)
                cardURI = last
                tally.externalEmbeds += 1
                // Often the link is taken out of the text once the card shows it.
                if let facet = facets.last, case .link = facet.feature, facet.end == text.count, random.chance(0.4) {
                    text.removeSubrange(facet.start..<facet.end)
                    while text.last == 0x20 || text.last == 0x0A { text.removeLast() }
                    facets.removeLast()
                }
            }
            fields.append(("text", .text(String(decoding: text, as: UTF8.self))))
            if !facets.isEmpty {
                fields.append(("facets", .array(facets.map { facet in
                    let feature: SampleCBOR
                    switch facet.feature {
                    case let .link(u): feature = .map([("$type", .text("app.bsky.richtext.facet#link")), ("uri", .text(u))])
                    case let .mention(did): feature = .map([("$type", .text("app.bsky.richtext.facet#mention")), ("did", .text(did))])
                    case let .tag(tag): feature = .map([("$type", .text("app.bsky.richtext.facet#tag")), ("tag", .text(tag))])
                    }
                    return .map([("$type", .text("app.bsky.richtext.facet")), ("features", .array([feature])),
                                 ("index", .map([("byteEnd", .int(Int64(facet.end))), ("byteStart", .int(Int64(facet.start)))]))])
                })))
            }
            if let reply {
                fields.append(("reply", .map([("parent", strongRef(reply.parent.uri, reply.parent.cid)),
                                              ("root", strongRef(reply.root.uri, reply.root.cid))])))
            }
            if let embed { fields.append(("embed", embed)) }
            let k = key(Self.postCollection, seconds: post.time, millis: post.millis, clock: post.id)
            let block = SampleBlock(.map(fields))
            records.append(Record(key: k, time: post.time, block: block, fields: fields))

            // What the reader gives: reply beats quote (metrics.md, settled reading 1).
            if reply != nil {
                if threadReply { tally.threads += 1 } else { tally.replies += 1 }
            } else if post.quoteAccount >= 0 {
                tally.quotes += 1
            } else {
                tally.originals += 1
            }
            var distinctLinks: [String] = []
            for u in links + (cardURI.map { [$0] } ?? []) where !distinctLinks.contains(u) { distinctLinks.append(u) }
            // A link taken out of the text still counts through the card.
            tally.links += distinctLinks.count
            var dids: [String] = []
            var tags: [String] = []
            for facet in facets {
                if case let .mention(did) = facet.feature, !dids.contains(did) { dids.append(did) }
                if case let .tag(tag) = facet.feature, !tags.contains(where: { $0.lowercased() == tag.lowercased() }) { tags.append(tag) }
            }
            tally.mentions += dids.count
            tally.tags += tags.count

            let me = uri(plan.did, k)
            let entry = OwnPost(uri: me, cid: block.cid, rootURI: reply?.root.uri ?? me, rootCID: reply?.root.cid ?? block.cid)
            own[post.id] = entry
            lastOwn = entry
        }
        let postKeys = records.count

        // Other collections: the profile, follows of its partners, likes of their posts.
        let first = posts.last?.time ?? plan.moveDate
        let last = posts.first?.time ?? plan.exportDate
        records.append(Record(key: Self.profileCollection + "/self", time: plan.moveDate, block: SampleBlock(.map([
            ("$type", .text(Self.profileCollection)), ("displayName", .text(org.name)), ("description", .text(org.bio)),
            ("createdAt", .text(SampleATProto.timestamp(plan.moveDate, millis: 0))),
        ]))))
        let followed = Array((org.partners + org.people.prefix(12)).prefix(30))
        for (n, account) in followed.enumerated() {
            let t = plan.moveDate + Int64(n) * 611 + 60
            records.append(Record(key: key(Self.followCollection, seconds: t, millis: n, clock: UInt64(n)), time: t,
                                  block: SampleBlock(.map([("$type", .text(Self.followCollection)),
                                                           ("createdAt", .text(SampleATProto.timestamp(t, millis: n))),
                                                           ("subject", .text(world.blueskyIdentity(of: account).did))]))))
        }
        let likes = posts.count / 2 + 1
        for n in 0..<likes {
            let t = first + Int64(random.below(Int(max(1, last - first))))
            let account = followed.isEmpty ? 0 : followed[random.below(followed.count)]
            let liked = foreignPost(account: account, status: SampleTimeline.statusId(
                seconds: t - Int64(random.int(60...86_400)), millis: random.below(1000), worker: UInt64(account) & 0x3FF, sequence: UInt64(n)))
            records.append(Record(key: key(Self.likeCollection, seconds: t, millis: n % 1000, clock: UInt64(n)), time: t,
                                  block: SampleBlock(.map([("$type", .text(Self.likeCollection)),
                                                           ("createdAt", .text(SampleATProto.timestamp(t, millis: n % 1000))),
                                                           ("subject", strongRef(liked.uri, liked.cid))]))))
        }
        tally.ignored = [Self.profileCollection: 1]
        if !followed.isEmpty { tally.ignored[Self.followCollection] = followed.count }
        tally.ignored[Self.likeCollection] = likes

        // Posts deleted after the fact: a post sent twice by mistake, deleted within hours. Each
        // deletion made a commit; the commit just before it still holds the deleted post.
        var deleted: [(record: Record, gone: Int64)] = []
        let postRecords = records.prefix(postKeys).filter { $0.key.hasPrefix(Self.postCollection + "/") }
        if postRecords.count >= 4 {
            for _ in 0..<min(3, 1 + postRecords.count / 25) {
                let original = postRecords[random.below(postRecords.count)]
                let t = original.time + Int64(random.int(20...90))
                let fields = original.fields
                let gone = min(t + Int64(random.int(300...10_800)), plan.exportDate - 60)
                guard gone > t else { continue }
                let copy = fields.map { $0.0 == "createdAt" ? ($0.0, SampleCBOR.text(SampleATProto.timestamp(t, millis: 0))) : $0 }
                let k = key(Self.postCollection, seconds: t, millis: 0, clock: UInt64(deleted.count) + 700)
                deleted.append((Record(key: k, time: t, block: SampleBlock(.map(copy))), gone))
            }
        }

        // The current tree and commit, then each older commit (newest first) with its tree.
        func commit(_ entries: [Record], rev: Int64) -> (commit: SampleBlock, nodes: [SampleBlock]) {
            let sorted = entries.map { (key: Array($0.key.utf8), value: $0.block.cid) }
                .sorted { $0.key.lexicographicallyPrecedes($1.key) }
            let tree = SampleMST.build(sorted)
            var signature: [UInt8] = []
            var bits = sampleHash(seed, UInt64(rev), 0x5169)
            for i in 0..<64 {
                if i % 8 == 0 { bits = sampleHash(bits, UInt64(i)) }
                signature.append(UInt8(truncatingIfNeeded: bits >> UInt64(8 * (i % 8))))
            }
            let block = SampleBlock(.map([
                ("did", .text(plan.did)), ("version", .int(3)), ("data", .link(tree.root)),
                ("rev", .text(SampleATProto.tid(seconds: rev, millis: 0, clock: 0))), ("prev", .null), ("sig", .bytes(signature)),
            ]))
            return (block, tree.nodes)
        }
        let current = commit(records, rev: plan.exportDate - 3_600)
        var car = SampleCARWriter(root: current.commit.cid)
        car.add(current.commit)
        for node in current.nodes { car.add(node) }
        for record in records.sorted(by: { $0.key < $1.key }) { car.add(record.block) }
        for d in deleted.sorted(by: { $0.gone > $1.gone }) {
            let t = d.gone - 1
            let alive = records.filter { $0.time <= t } + deleted.filter { $0.record.time <= t && $0.gone > t }.map(\.record)
            let old = commit(alive, rev: t)
            car.add(old.commit)
            for node in old.nodes { car.add(node) }
            tally.oldCommits.append(old.commit.cid)
        }
        for d in deleted {
            car.add(d.record.block)
            tally.deletedKeys.append(d.record.key)
            tally.deletedCIDs.append(d.record.block.cid)
        }
        return (car.bytes, tally)
    }

    private func image(_ post: SamplePost) -> SampleCBOR {
        let blob = SampleBlock.cid(of: Array(("image:" + String(post.id)).utf8), codec: 0x55)
        return .map([("$type", .text("app.bsky.embed.images")), ("images", .array([.map([
            ("alt", .text("")),
            ("aspectRatio", .map([("height", .int(800)), ("width", .int(1200))])),
            ("image", .map([("$type", .text("blob")), ("mimeType", .text("image/jpeg")), ("ref", .link(blob)),
                            ("size", .int(Int64(80_000 + sampleHash(post.id, 0x1A6) % 400_000)))])),
        ])]))])
    }

    private func card(_ uri: String, post: SamplePost) -> SampleCBOR {
        var host = Substring(uri)
        if let scheme = host.range(of: "://") { host = host[scheme.upperBound...] }
        if let slash = host.firstIndex(of: "/") { host = host[..<slash] }
        return .map([("$type", .text("app.bsky.embed.external")), ("external", .map([
            ("description", .text("")), ("title", .text(String(host))), ("uri", .text(uri)),
        ]))])
    }

    private struct Facet {
        var start: Int
        var end: Int
        var feature: Feature
    }

    /// The text as Bluesky stores it, from the text as posted on X: full links instead of
    /// t.co (a link facet each), `@handle` as the account's Bluesky handle (a mention facet with
    /// its DID), `#tag` with a tag facet; a reply's leading mentions dropped (Bluesky replies
    /// name no one), a photo link and a quoted post's link taken out (they are embeds).
    private func render(_ post: SamplePost, world: SampleWorld) -> (text: [UInt8], facets: [Facet], photo: Bool) {
        let text = post.text
        let n = text.count
        var out: [UInt8] = []
        out.reserveCapacity(n + 64)
        var facets: [Facet] = []
        var photo = false
        func isWord(_ b: UInt8) -> Bool { (b >= 0x30 && b <= 0x39) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A) || b == 0x5F }
        var i = 0
        if post.isReply {
            while i < n && text[i] == 0x40 {
                var j = i + 1
                while j < n && isWord(text[j]) { j += 1 }
                while j < n && text[j] == 0x20 { j += 1 }
                i = j
            }
        }
        scan: while i < n {
            for k in post.shownURLs.indices {
                let shown = post.shownURLs[k]
                guard !shown.isEmpty, text[i] == shown[0], i + shown.count <= n,
                      text[i..<(i + shown.count)].elementsEqual(shown) else { continue }
                let expanded = post.expandedURLs[k]
                i += shown.count
                let isPhoto = expanded.hasSuffix("/photo/1") && expanded.hasPrefix("https://twitter.com/")
                let isQuoted = post.quoteAccount >= 0 && expanded.hasPrefix("https://twitter.com/") && expanded.contains("/status/")
                if isPhoto || isQuoted {
                    if isPhoto { photo = true }
                    if out.last == 0x20 && (i >= n || text[i] == 0x20) { out.removeLast() }
                } else {
                    let start = out.count
                    out.append(contentsOf: expanded.utf8)
                    facets.append(Facet(start: start, end: out.count, feature: .link(expanded)))
                }
                continue scan
            }
            let b = text[i]
            if (b == 0x40 || b == 0x23) && (i == 0 || !isWord(text[i - 1])) {
                var j = i + 1
                while j < n && isWord(text[j]) { j += 1 }
                let word = String(decoding: text[(i + 1)..<j], as: UTF8.self)
                if b == 0x40, j > i + 1,
                   let account = post.mentions.first(where: { world.accounts[$0].handle.lowercased() == word.lowercased() }) {
                    let identity = world.blueskyIdentity(of: account)
                    let start = out.count
                    out.append(0x40)
                    out.append(contentsOf: identity.handle.utf8)
                    facets.append(Facet(start: start, end: out.count, feature: .mention(identity.did)))
                    i = j
                    continue
                }
                if b == 0x23, j > i + 1, post.hashtags.contains(where: { $0.lowercased() == word.lowercased() }) {
                    let start = out.count
                    out.append(contentsOf: text[i..<j])
                    facets.append(Facet(start: start, end: out.count, feature: .tag(word)))
                    i = j
                    continue
                }
            }
            out.append(b)
            i += 1
        }
        while out.last == 0x20 || out.last == 0x0A { out.removeLast() }
        // Facets past a trimmed end cannot be: links, mentions and tags end in non-space.
        return (out, facets, photo)
    }
}
