import Foundation

/// What an organization's page and `org_hours.csv` / `org_terms.csv` show beyond its
/// `OrgResult` (issue 15): when it posts (weekday x hour), which hashtags and link domains it
/// uses, and the links to its listed posts. Built by `OrgDetails.Accumulator` from the posts
/// `OrgAnalysis.analyze` hands to its per-post callback, one organization at a time, so memory
/// follows the largest organization (one interaction count per post), never the run.
public struct OrgDetails: Sendable, Equatable {
    /// The zone the cells are in: the registry's `timezone`, else `UTC`.
    public var timeZone: String
    /// Cells with at least one post, by weekday (1 Monday ... 7 Sunday), then hour (0-23).
    public var hours: [HourCell]
    /// Hashtags, then domains, each kind sorted by posts (most first), then term; at most
    /// `termLimit` of each kind.
    public var terms: [Term]
    /// Authored posts with at least one link and without, with their median interactions.
    public var withLink: TermCount
    public var withoutLink: TermCount
    /// The original URL of each post listed on the page (top posts, promotional examples), by id.
    public var postLinks: [String: String]

    /// Terms kept per kind and organization (the CSV and the page).
    public static let termLimit = 20

    public init(timeZone: String = "UTC", hours: [HourCell] = [], terms: [Term] = [], withLink: TermCount = TermCount(),
                withoutLink: TermCount = TermCount(), postLinks: [String: String] = [:]) {
        self.timeZone = timeZone
        self.hours = hours
        self.terms = terms
        self.withLink = withLink
        self.withoutLink = withoutLink
        self.postLinks = postLinks
    }

    public struct HourCell: Sendable, Equatable {
        /// ISO weekday: 1 Monday ... 7 Sunday.
        public var weekday: Int
        public var hour: Int
        /// Every post (all kinds) published in this hour of this weekday.
        public var posts: Int
        /// The median interactions of its measured authored posts; nil when it has none.
        public var medianInteractions: Double?

        public init(weekday: Int, hour: Int, posts: Int, medianInteractions: Double?) {
            self.weekday = weekday
            self.hour = hour
            self.posts = posts
            self.medianInteractions = medianInteractions
        }
    }

    public enum Kind: String, Sendable, CaseIterable { case hashtag, domain }

    public struct Term: Sendable, Equatable {
        public var kind: Kind
        /// Lower-case; a hashtag without `#`, a domain without `www.`.
        public var term: String
        /// Authored posts that carry it (each post once, however often it repeats it).
        public var posts: Int
        public var medianInteractions: Double?

        public init(kind: Kind, term: String, posts: Int, medianInteractions: Double?) {
            self.kind = kind
            self.term = term
            self.posts = posts
            self.medianInteractions = medianInteractions
        }
    }

    public struct TermCount: Sendable, Equatable {
        public var posts = 0
        public var medianInteractions: Double?
        public init(posts: Int = 0, medianInteractions: Double? = nil) {
            self.posts = posts
            self.medianInteractions = medianInteractions
        }
    }

    /// The cell for a weekday and hour, when it has posts.
    public func cell(weekday: Int, hour: Int) -> HourCell? {
        hours.first { $0.weekday == weekday && $0.hour == hour }
    }

    public func terms(_ kind: Kind) -> [Term] { terms.filter { $0.kind == kind } }

    /// Gathers one organization's details, post by post.
    public struct Accumulator {
        private let zone: TimeZone
        private let zoneName: String
        private let organization: Organization?
        private let handle: String
        /// 168 cells: (weekday - 1) * 24 + hour.
        private var cellPosts = [Int](repeating: 0, count: 168)
        private var cellInteractions = [[Int]](repeating: [], count: 168)
        private var hashtags: [String: [Int?]] = [:]
        private var domains: [String: [Int?]] = [:]
        private var linked: [Int?] = [], unlinked: [Int?] = []
        /// Each post's id and platform, in the order added: the links of the few listed posts
        /// are built from them at the end (building and keeping a link for every post was a
        /// good part of the cost of a post).
        private var postIDs: [String] = []
        private var postPlatforms: [Platform] = []
        private let sortedAccounts: [String]
        /// The zone's offset when it is UTC (no registry zone): no Foundation call per post.
        private let utc: Bool

        /// - Parameters:
        ///   - handle: the organization's handle (the Twitter/X account of its links).
        ///   - organization: its registry row (time zone, other accounts); nil: UTC.
        public init(handle: String, organization: Organization?) {
            self.handle = handle
            self.organization = organization
            let named = organization?.timezone.flatMap { TimeZone(identifier: $0) }
            zone = named ?? TimeZone(identifier: "UTC")!
            zoneName = named == nil ? "UTC" : organization!.timezone!
            utc = named == nil
            sortedAccounts = (organization?.accounts ?? []).sorted()
        }

        /// One post, with the features `OrgAnalysis` found (posts in any order).
        public mutating func add(_ post: Post, _ features: PostFeatures) {
            let scalars = Scalars.of(post.text)
            let urls = post.expandedURLs ?? TextScanner.urls(in: scalars, spans: TextScanner.urlSpans(scalars))
            add(post, features, textScalars: scalars, urls: urls)
        }

        /// The same with what `PostAnalyzer` already has for the post: its text's scalars and its
        /// URLs (the expanded ones where the source gives them, else those in the text; repeats
        /// do not matter here), so that the text is not decoded and scanned again.
        mutating func add(_ post: Post, _ features: PostFeatures, textScalars: [Unicode.Scalar], urls: [String]) {
            let offset = utc ? 0 : zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(post.created)))
            let local = post.created + Int64(offset)
            let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
            // 1970-01-01 was a Thursday (ISO 4).
            let weekday = Int(((days + 3) % 7 + 7) % 7) + 1
            let hour = Int((local - days * 86_400) / 3600)
            let slot = (weekday - 1) * 24 + hour
            cellPosts[slot] += 1
            postIDs.append(post.id)
            postPlatforms.append(post.platform)
            guard features.authored else { return }
            let interactions = Self.interactions(post)
            if let interactions { cellInteractions[slot].append(interactions) }
            // Each term once per post, lower-case (a post has few: an array, not a set).
            var tags: [String] = []
            if let given = post.hashtags {
                for tag in given where !tag.isEmpty {
                    let lower = tag.lowercased()
                    if !tags.contains(lower) { tags.append(lower) }
                }
            } else {
                textScalars.withUnsafeBufferPointer { s in
                    TextScanner.forEachHashtag(in: s) { range in
                        let lower = Self.lowercased(UnsafeBufferPointer(rebasing: s[range]))
                        if !tags.contains(lower) { tags.append(lower) }
                    }
                }
            }
            for tag in tags { hashtags[tag, default: []].append(interactions) }
            var hosts: [String] = []
            for url in urls {
                let host = TextScanner.host(of: url)
                // A shortener's host says nothing about where the link leads.
                if !host.isEmpty, !PostAnalyzer.shorteners.contains(host), !hosts.contains(host) { hosts.append(host) }
            }
            for host in hosts { domains[host, default: []].append(interactions) }
            if urls.isEmpty { unlinked.append(interactions) } else { linked.append(interactions) }
        }

        /// A hashtag's name as `String.lowercased()` gives it; ASCII lowered byte by byte.
        static func lowercased(_ name: UnsafeBufferPointer<Unicode.Scalar>) -> String {
            if name.allSatisfy({ $0.value < 0x80 }) { return Scalars.string(name, lowercasingASCII: true) }
            return Scalars.string(name).lowercased()
        }

        /// The sum of likes, reposts, replies and quotes, as `interactions_median` counts them;
        /// nil when the source gives none of the four.
        static func interactions(_ post: Post) -> Int? {
            guard post.likes != nil || post.reposts != nil || post.replies != nil || post.quotes != nil else { return nil }
            var sum = MetricNumber.add(post.likes ?? 0, post.reposts ?? 0)
            sum = MetricNumber.add(sum, post.replies ?? 0)
            return MetricNumber.add(sum, post.quotes ?? 0)
        }

        static func median(_ values: [Int?]) -> Double? {
            MetricNumber.median(sorted: values.compactMap { $0 }.sorted())
        }

        /// The link of each listed post: that of the first post added with its id that has one.
        private func links(_ listed: Set<String>) -> [String: String] {
            var links: [String: String] = [:]
            guard !listed.isEmpty else { return links }
            let handleIsValid = StatusURL.isHandle(handle)
            for k in postIDs.indices where links[postIDs[k]] == nil && listed.contains(postIDs[k]) {
                links[postIDs[k]] = PostLink.url(platform: postPlatforms[k], id: postIDs[k], handle: handle,
                                                 handleIsValid: handleIsValid, sortedAccounts: sortedAccounts)
            }
            return links
        }

        /// The details; `listed` are the ids of the posts the page lists (their links are kept).
        public func finish(listed: Set<String>) -> OrgDetails {
            var hours: [HourCell] = []
            for slot in 0..<168 where cellPosts[slot] > 0 {
                hours.append(HourCell(weekday: slot / 24 + 1, hour: slot % 24, posts: cellPosts[slot],
                                      medianInteractions: MetricNumber.median(sorted: cellInteractions[slot].sorted())))
            }
            func top(_ kind: Kind, _ table: [String: [Int?]]) -> [Term] {
                let sorted = table.sorted { a, b in
                    a.value.count != b.value.count ? a.value.count > b.value.count
                        : a.key.unicodeScalars.lexicographicallyPrecedes(b.key.unicodeScalars)
                }
                return sorted.prefix(OrgDetails.termLimit).map {
                    Term(kind: kind, term: $0.key, posts: $0.value.count, medianInteractions: Self.median($0.value))
                }
            }
            return OrgDetails(timeZone: zoneName, hours: hours, terms: top(.hashtag, hashtags) + top(.domain, domains),
                              withLink: TermCount(posts: linked.count, medianInteractions: Self.median(linked)),
                              withoutLink: TermCount(posts: unlinked.count, medianInteractions: Self.median(unlinked)),
                              postLinks: links(listed))
        }
    }
}

/// The address of a post on its platform, built only from parts checked to be well formed
/// (an all-digit id, a plain handle, a host name): a link is never made from unchecked text.
public enum PostLink {
    /// - Twitter/X (any Twitter format, RSS and Atom items whose link is a status link):
    ///   `https://x.com/<handle>/status/<id>`.
    /// - Mastodon: `https://<server>/@<name>/<id>` from the registry account `name@server`
    ///   (the first in sorted order); none without one.
    /// - Bluesky: `https://bsky.app/profile/<did or handle>/post/<rkey>` from the registry's
    ///   DID (preferred) or Bluesky handle; none without one.
    /// - Anything else: none.
    public static func url(_ post: Post, handle: String, organization: Organization?) -> String? {
        url(platform: post.platform, id: post.id, handle: handle, handleIsValid: StatusURL.isHandle(handle),
            sortedAccounts: (organization?.accounts ?? []).sorted())
    }

    /// The same from a post's platform and id, with what depends only on the organization
    /// worked out once: whether `handle` is a plain handle, and its registry accounts sorted.
    static func url(platform: Platform, id: String, handle: String, handleIsValid: Bool, sortedAccounts accounts: [String]) -> String? {
        switch platform {
        case .twitter:
            guard isDigits(id), handleIsValid else { return nil }
            return "https://x.com/\(handle)/status/\(id)"
        case .mastodon:
            guard isDigits(id) else { return nil }
            for account in accounts where !account.hasPrefix("did:") {
                let parts = account.split(separator: "@")
                guard parts.count == 2, StatusURL.isHandle(parts[0]), isHost(parts[1]) else { continue }
                return "https://\(parts[1])/@\(parts[0])/\(id)"
            }
            return nil
        case .bluesky:
            guard isRecordKey(id) else { return nil }
            let did = accounts.first { $0.hasPrefix("did:") && isDID($0) }
            let bsky = accounts.first { !$0.hasPrefix("did:") && !$0.contains("@") && isHost($0[...]) }
            guard let actor = did ?? bsky else { return nil }
            return "https://bsky.app/profile/\(actor)/post/\(id)"
        default:
            return nil
        }
    }

    static func isDigits<S: StringProtocol>(_ s: S) -> Bool {
        !s.isEmpty && s.utf8.count <= 30 && s.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// Letters, digits, `-` in dot-separated labels (lower-case ASCII), at least two labels.
    static func isHost(_ s: Substring) -> Bool {
        let labels = s.split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { label in
            !label.isEmpty && label.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D }
        }
    }

    /// `did:<method>:<id>` with letters, digits, `.`, `_`, `-` and `:` only.
    static func isDID(_ s: String) -> Bool {
        s.utf8.count <= 200 && s.utf8.allSatisfy {
            ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2E || $0 == 0x5F || $0 == 0x2D || $0 == 0x3A
        }
    }

    /// A Bluesky record key (a TID): letters, digits, `.`, `_`, `~`, `-`, at most 512.
    static func isRecordKey(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.count <= 512 && s != "." && s != ".." && s.utf8.allSatisfy {
            ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x41 && $0 <= 0x5A)
                || $0 == 0x2E || $0 == 0x5F || $0 == 0x7E || $0 == 0x2D
        }
    }
}

extension OrgDetails {
    /// `OrgAnalysis.analyze` with the details gathered in the same pass (its per-post callback),
    /// `eachPost` still called for every post (posts.csv.gz).
    public static func analyze(handle: String, posts: consuming [Post], organization: Organization?, lexicon: Lexicon,
                               thresholds: MetricThresholds = MetricThresholds(),
                               eachPost: (Post, PostFeatures) -> Void = { _, _ in }) -> (result: OrgResult, details: OrgDetails) {
        var accumulator = Accumulator(handle: Handle.normalize(handle), organization: organization)
        let result = OrgAnalysis.analyze(handle: handle, posts: posts, organization: organization, lexicon: lexicon,
                                         thresholds: thresholds) { post, features, workspace in
            accumulator.add(post, features, textScalars: workspace.text, urls: workspace.urls)
            eachPost(post, features)
        }
        let listed = Set(result.topPosts.map(\.id) + result.promotionalExamples.map(\.id))
        return (result, accumulator.finish(listed: listed))
    }
}

/// Every organization's details of one run, by handle, filled from several threads at once
/// (`ReportJob` while it reads, the cache and partial results when they supply a result).
public final class OrgDetailsStore: @unchecked Sendable {
    private let lock = NSLock()
    private var byHandle: [String: OrgDetails] = [:]
    /// Where a plain run keeps the details out of memory until the writers read them back, one
    /// organization at a time (with tens of thousands of organizations, kilobytes each); nil
    /// keeps them here.
    private let shelf: OrgDetailsShelf?
    private var shelved = Set<String>()

    public init(shelf: OrgDetailsShelf? = nil) { self.shelf = shelf }

    public func set(_ handle: String, _ details: OrgDetails) {
        if let shelf, shelf.keep(handle, details) {
            lock.withLock { byHandle[handle] = nil; shelved.insert(handle) }
            return
        }
        lock.withLock { byHandle[handle] = details; shelved.remove(handle) }
    }

    public subscript(handle: String) -> OrgDetails? {
        if let kept = lock.withLock({ byHandle[handle] }) { return kept }
        return shelf?.fetch(handle)
    }

    public var count: Int { lock.withLock { byHandle.count + shelved.subtracting(byHandle.keys).count } }

    /// Why details could not be read back from the shelf, if they could not: the writers saw
    /// them as missing, so the report must not be kept.
    public var shelfFailure: Error? { shelf?.failure }
}

/// Details kept out of memory (a temporary file), by handle.
public protocol OrgDetailsShelf: AnyObject, Sendable {
    /// Stores the details; false when they stay in memory (the shelf cannot write).
    func keep(_ handle: String, _ details: OrgDetails) -> Bool
    /// The details stored for `handle`, or nil (never stored, or unreadable: see `failure`).
    func fetch(_ handle: String) -> OrgDetails?
    /// The first read-back failure.
    var failure: Error? { get }
}
