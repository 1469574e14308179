#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Information / Community / Action (Lovejoy & Saxton 2012; metrics.md section 3).
public enum ICAClass: String, Sendable, CaseIterable {
    case information, community, action
}

/// Everything the metrics need to know about one post (metrics.md sections 1 to 3).
public struct PostFeatures: Sendable, Equatable {
    public var kind: PostKind
    /// The other account a reply, repost or quote points at (lower-case), or nil.
    public var target: String?
    public var ica: ICAClass
    public var cta: Bool
    public var ownLink: Bool
    public var selfMention: Bool
    public var recognition: Bool
    public var solicitation: Bool
    /// An ask whose benefit goes to the organization (`org_ask`).
    public var orgAsk: Bool
    /// Awards, milestones, pride, its own people and news (`standing`).
    public var standing: Bool
    /// A launch or release (`launch`).
    public var launch: Bool
    /// A repost of the organization's own post.
    public var selfRepost: Bool
    /// The lexicon's promotional rule: version 2, an authored post with `orgAsk`, or with
    /// `ownLink` or `selfMention` together with `standing` or `launch`; version 1, an authored
    /// post with `cta`, `ownLink` or `selfMention`. A self-repost in both.
    public var promotional: Bool
    /// A reply (not thread), a repost of another account or a quote of another account.
    public var conversational: Bool
    /// The post's URLs (each once), and how many of them are not behind a link shortener.
    public var urlCount: Int
    public var knownURLCount: Int
    /// Other accounts this post talks to: the target of a reply, repost or quote, and, in an
    /// authored post, the accounts it mentions; lower-case, each once, never the organization.
    public var partners: [String]

    /// All kinds but `repost`: the organization's own words.
    public var authored: Bool { kind != .repost }
}

/// Computes `PostFeatures` for the posts of one organization. Built once per organization (its
/// handle, names and domains are compiled into the phrase matcher), then used for every post.
///
/// Judgement calls:
/// - A self-repost's body is the original's text where the source gives it (`repostedText`,
///   which is complete, where `RT @org: ...` is often truncated), else the post's own text.
/// - A repost whose target is unknown counts as a repost of another account (Community,
///   conversational), since it is not known to be the organization's own.
/// - `self_mention` looks at the body for `@handle` and the registry hashtags, like the phrases.
/// - `urls` are the expanded URLs when the model has them (`expandedURLs != nil`, even empty),
///   else the URLs found in the text.
public struct PostAnalyzer: Sendable {
    public let org: String
    private let matcher: PhraseMatcher
    private let handleScalars: [Unicode.Scalar]
    private let hashtags: HashtagSet
    private let domains: [String]
    /// `.` + each domain: a host ending with one is a subdomain.
    private let dottedDomains: [String]
    /// The domains' UTF-8 when all are ASCII (nil otherwise), for `linkFacts`.
    private let asciiDomains: [[UInt8]]?
    private let rule: Lexicon.PromotionalRule

    /// Phrase groups of the matcher. `orgEvent`: the event phrases other than `call` and `talk`
    /// (with a time expression, an ask to attend the organization's event); `newWord`: `new`,
    /// the start of the `new` + launch-noun window.
    static let action: UInt16 = 1, event: UInt16 = 2, recognition: UInt16 = 4, solicitation: UInt16 = 8, selfName: UInt16 = 16,
               orgAsk: UInt16 = 32, orgEvent: UInt16 = 64, standing: UInt16 = 128, launch: UInt16 = 256,
               launchNoun: UInt16 = 512, newWord: UInt16 = 1024
    /// Event phrases that never make an `org_ask` (metrics.md section 2).
    static let eventsNotAsks: Set<String> = ["call", "talk"]
    /// Words at most between `new` and a launch noun.
    static let launchWindow = 2

    /// Hosts of link shorteners: a URL behind one says nothing about where it leads.
    static let shorteners: Set<String> = [
        "t.co", "bit.ly", "ow.ly", "buff.ly", "goo.gl", "tinyurl.com", "fb.me", "dlvr.it", "ift.tt",
        "lnkd.in", "trib.al", "wp.me", "j.mp", "is.gd", "tiny.cc", "shar.es", "su.pr", "ht.ly",
    ]

    /// - Parameters:
    ///   - org: the organization's handle (any case, with or without `@`).
    ///   - organization: its registry entry, or nil for an unregistered organization.
    public init(org: String, organization: Organization?, lexicon: Lexicon) {
        self.org = Handle.normalize(org)
        self.rule = lexicon.promotionalRule
        var matcher = PhraseMatcher()
        let groups: [(Lexicon.Section, UInt16)] = [
            (.action, Self.action), (.recognition, Self.recognition), (.solicitation, Self.solicitation),
            (.organizationAsk, Self.orgAsk), (.standing, Self.standing), (.launch, Self.launch), (.launchNoun, Self.launchNoun),
        ]
        for (section, group) in groups {
            for phrase in lexicon.phrases(section) { matcher.add(PostBody.normalizePhrase(phrase), groups: group) }
        }
        for phrase in lexicon.phrases(.event) {
            let orgEvent = lexicon.promotionalRule == .v2 && !Self.eventsNotAsks.contains(phrase)
            matcher.add(PostBody.normalizePhrase(phrase), groups: Self.event | (orgEvent ? Self.orgEvent : 0))
        }
        if !lexicon.phrases(.launchNoun).isEmpty { matcher.add(Array("new".unicodeScalars), groups: Self.newWord) }
        var names = [self.org]
        if let organization {
            names.append(organization.name)
            names.append(contentsOf: organization.aliases)
        }
        for name in names { matcher.add(PostBody.normalizePhrase(name), groups: Self.selfName) }
        self.matcher = matcher
        self.handleScalars = Array(self.org.unicodeScalars)
        var tags = Set<String>()
        for tag in organization?.hashtags ?? [] {
            var scalars = PostBody.normalizePhrase(tag)
            if scalars.first == "#" { scalars.removeFirst() }
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars)
            if !view.isEmpty { tags.insert(String(view)) }
        }
        self.hashtags = HashtagSet(tags)
        self.domains = (organization?.domains ?? []).map { domain in
            var d = domain.lowercased()
            if d.hasPrefix("www.") { d.removeFirst(4) }
            return d
        }.filter { !$0.isEmpty }
        self.dottedDomains = domains.map { "." + $0 }
        self.asciiDomains = domains.allSatisfy { $0.utf8.allSatisfy { $0 < 0x80 } } ? domains.map { Array($0.utf8) } : nil
    }

    /// The shorteners, each packed into two words (`packedHost`), for comparing an ASCII host
    /// without making a `String` of it.
    private static let packedShorteners: [PackedHost] = shorteners.sorted().map { name in
        Array(name.utf8).withUnsafeBufferPointer { packedHost($0)! }
    }

    private struct PackedHost: Equatable {
        var low: UInt64 = 0, high: UInt64 = 0
        /// The length too: a host may hold a 0 byte.
        var count = 0
    }

    /// Up to 16 bytes, lower-cased, in two words (bytes after the end are 0); nil if longer.
    private static func packedHost(_ host: UnsafeBufferPointer<UInt8>) -> PackedHost? {
        guard host.count <= 16 else { return nil }
        var packed = PackedHost(count: host.count)
        for (k, b) in host.enumerated() {
            let lower = UInt64(b &- 0x41 < 26 ? b | 0x20 : b)
            if k < 8 { packed.low |= lower << (8 * k) } else { packed.high |= lower << (8 * (k - 8)) }
        }
        return packed
    }

    /// Whether a URL is not behind a link shortener (`known`), and whether its host is one of
    /// the organization's domains or a subdomain of one (`own`). An ASCII host with ASCII domains
    /// is compared in place, lower-cased byte by byte: for ASCII text, `String`'s `==` and
    /// `hasSuffix` compare bytes too. Anything else goes through `TextScanner.host(of:)`.
    private func linkFacts(_ url: String, checkOwn: Bool) -> (known: Bool, own: Bool) {
        var url = url
        let fast: (known: Bool, own: Bool)? = url.withUTF8 { bytes in
            let host = UnsafeBufferPointer(rebasing: bytes[TextScanner.hostRange(in: bytes)])
            guard let asciiDomains, host.allSatisfy({ $0 < 0x80 }) else { return nil }
            /// `host` lower-cased equals `name` (lower-case ASCII) from `offset` on.
            func hostEquals(_ name: [UInt8], from offset: Int) -> Bool {
                guard host.count - offset == name.count else { return false }
                for k in 0..<name.count {
                    let b = host[offset + k]
                    if (b &- 0x41 < 26 ? b | 0x20 : b) != name[k] { return false }
                }
                return true
            }
            let known = Self.packedHost(host).map { !Self.packedShorteners.contains($0) } ?? true
            guard checkOwn else { return (known, false) }
            for domain in asciiDomains {
                if hostEquals(domain, from: 0) { return (known, true) }
                // A subdomain: "." + domain at the end.
                let dot = host.count - domain.count - 1
                if dot >= 0, host[dot] == 0x2E, hostEquals(domain, from: dot + 1) { return (known, true) }
            }
            return (known, false)
        }
        if let fast { return fast }
        let host = TextScanner.host(of: url)
        var own = false
        if checkOwn {
            for (domain, dotted) in zip(domains, dottedDomains) where host == domain || host.hasSuffix(dotted) {
                own = true
                break
            }
        }
        return (!Self.shorteners.contains(host), own)
    }

    /// `urls` without repeats, in order; the array itself when it has none (the usual case),
    /// without building a new one.
    private static func unique(_ urls: [String]) -> [String] {
        var repeated = false
        for k in urls.indices.dropFirst() where urls[..<k].contains(urls[k]) {
            repeated = true
            break
        }
        guard repeated else { return urls }
        var result: [String] = []
        for url in urls where !result.contains(url) { result.append(url) }
        return result
    }

    public func analyze(_ post: Post) -> PostFeatures {
        var workspace = PostWorkspace()
        return analyze(post, workspace: &workspace)
    }

    /// The same with arrays kept from the previous post (`OrgAnalysis` passes one workspace for
    /// all of an organization's posts).
    func analyze(_ post: Post, workspace: inout PostWorkspace) -> PostFeatures {
        Scalars.decode(post.text, into: &workspace.text)
        TextScanner.urlSpans(workspace.text, into: &workspace.spans)
        let text = workspace.text
        let spans = workspace.spans
        let urls = post.expandedURLs.map(Self.unique) ?? TextScanner.urls(in: text, spans: spans)
        workspace.urls = urls
        let (kind, target) = PostKindResolver.resolve(post, org: org, urls: urls, textScalars: text)
        let selfRepost = kind == .repost && target == org
        let stripMentions = kind == .reply || kind == .thread
        let body: PostBody
        // `@` and `#` are ASCII, and lowering never makes one: a text without either has no
        // mention and no hashtag, nor has a body built from it (most posts: two scans saved).
        var marks = Self.mentionAndHashMarks(post.text)
        if selfRepost, let original = post.repostedText, !original.isEmpty {
            body = PostBody(text: original, stripLeadingMentions: false)
            marks.bodyHasMarks = Self.mentionAndHashMarks(original).bodyHasMarks
        } else {
            body = PostBody(source: text, spans: spans, stripLeadingMentions: stripMentions, storage: &workspace.body)
        }
        defer { body.recycle(into: &workspace.body) }

        let found = matcher.groups(in: body)
        // The time expressions are looked for once, and only after an event phrase.
        let time = found & Self.event != 0 && TimeExpressions.contains(in: body)
        let cta = found & Self.action != 0 || time
        let recognition = found & Self.recognition != 0
        let solicitation = found & Self.solicitation != 0 && body.containsQuestionMark
        let orgAsk = found & Self.orgAsk != 0 || (time && found & Self.orgEvent != 0)
        let standing = found & Self.standing != 0
        let launch = found & Self.launch != 0
            || (found & (Self.newWord | Self.launchNoun) == Self.newWord | Self.launchNoun && launchWindow(in: body) != nil)
        let selfMention = found & Self.selfName != 0
            || (marks.bodyHasMarks && body.mentionsOrHashtag(handle: handleScalars, tags: hashtags))

        var ownLink = false
        var known = 0
        for url in urls {
            let facts = linkFacts(url, checkOwn: !ownLink)
            if facts.known { known += 1 }
            if facts.own { ownLink = true }
        }

        let authored = kind != .repost
        let ica: ICAClass
        if kind == .repost && !selfRepost {
            ica = .community
        } else if cta {
            ica = .action
        } else if kind == .reply || kind == .quote || recognition || solicitation {
            ica = .community
        } else {
            ica = .information
        }

        var partners: [String] = []
        func addPartner(_ handle: String, normalized: Bool = false) {
            let h = normalized ? handle : Handle.normalize(handle)
            if !h.isEmpty, h != org, !partners.contains(h) { partners.append(h) }
        }
        if kind == .reply || kind == .repost || kind == .quote, let target { addPartner(target) }
        if authored {
            if let mentions = post.mentions {
                for mention in mentions { addPartner(mention) }
            } else if marks.textHasAt {
                // Already lower-case `[a-z0-9_]+`, which `Handle.normalize` gives back as is.
                for mention in TextScanner.mentions(in: text, skipping: spans) { addPartner(mention, normalized: true) }
            }
        }

        return PostFeatures(
            kind: kind, target: target, ica: ica, cta: cta, ownLink: ownLink, selfMention: selfMention,
            recognition: recognition, solicitation: solicitation, orgAsk: orgAsk, standing: standing, launch: launch,
            selfRepost: selfRepost,
            promotional: selfRepost || (authored && (rule == .v1 ? cta || ownLink || selfMention
                                                                : orgAsk || ((ownLink || selfMention) && (standing || launch)))),
            conversational: kind == .reply || kind == .quote || (kind == .repost && !selfRepost),
            urlCount: urls.count, knownURLCount: known, partners: partners)
    }

    /// Whether `text` has an `@` (`textHasAt`), and whether it has an `@` or a `#`
    /// (`bodyHasMarks`: what `PostBody.mentionsOrHashtag` looks for), found by memchr in its UTF-8.
    static func mentionAndHashMarks(_ text: String) -> (textHasAt: Bool, bodyHasMarks: Bool) {
        var text = text
        return text.withUTF8 { utf8 in
            guard let base = utf8.baseAddress, utf8.count > 0 else { return (false, false) }
            let at = memchr(base, 0x40, utf8.count) != nil
            return (at, at || memchr(base, 0x23, utf8.count) != nil)
        }
    }

    /// The first `new` followed, with at most `launchWindow` words between, by a launch noun:
    /// the span from `new` to the noun's end. Words are runs of characters other than white
    /// space in the body between the two (a URL's space is white space). Called only when the
    /// matcher found both `new` and a launch noun, which few posts have.
    func launchWindow(in body: PostBody) -> (start: Int, end: Int)? {
        let news = matcher.spans(of: Self.newWord, in: body)
        guard !news.isEmpty else { return nil }
        let nouns = matcher.spans(of: Self.launchNoun, in: body)
        for new in news {
            for noun in nouns where noun.start >= new.end {
                var words = 0, inWord = false
                for k in new.end..<noun.start {
                    let white = CharClass.isWhite(body.scalars[k])
                    if !white, !inWord { words += 1 }
                    inWord = !white
                }
                if words <= Self.launchWindow { return (new.start, noun.end) }
                // Later nouns are further away.
                break
            }
        }
        return nil
    }

    /// Why a promotional post counts, in the parts of the lexicon's rule, each with the words
    /// that fired: for the examples in the report (ten per organization, so the body is built
    /// again here rather than kept for every post).
    /// - Parameters:
    ///   - text: the post's text; `kind` its kind (replies and threads lose their leading mentions).
    ///   - features: the post's features.
    public func reasons(text: String, features f: PostFeatures) -> [PromotionReason] {
        guard f.promotional else { return [] }
        if f.selfRepost { return [PromotionReason(.selfRepost)] }
        if rule == .v1 {
            var reasons: [PromotionReason] = []
            if f.cta { reasons.append(PromotionReason(.cta)) }
            if f.ownLink { reasons.append(PromotionReason(.ownLink)) }
            if f.selfMention { reasons.append(PromotionReason(.selfMention)) }
            return reasons
        }
        let body = PostBody(text: text, stripLeadingMentions: f.kind == .reply || f.kind == .thread)
        func first(_ group: UInt16) -> String? {
            matcher.spans(of: group, in: body).first.map { Scalars.string(body.scalars[$0.start..<$0.end]) }
        }
        var reasons: [PromotionReason] = []
        if f.orgAsk {
            if let phrase = first(Self.orgAsk) {
                reasons.append(PromotionReason(.orgAsk, phrase))
            } else if let phrase = first(Self.orgEvent) {
                reasons.append(PromotionReason(.eventAsk, phrase))
            }
        }
        var standingPhrase: String?, launchPhrase: String?
        if f.standing { standingPhrase = first(Self.standing) }
        if f.launch {
            launchPhrase = first(Self.launch) ?? launchWindow(in: body).map { Scalars.string(body.scalars[$0.start..<$0.end]) }
        }
        for (attribution, standingPart, launchPart) in [(f.ownLink, PromotionReason.Part.ownLinkStanding, PromotionReason.Part.ownLinkLaunch),
                                                        (f.selfMention, .selfMentionStanding, .selfMentionLaunch)] where attribution {
            if let standingPhrase { reasons.append(PromotionReason(standingPart, standingPhrase)) }
            if let launchPhrase { reasons.append(PromotionReason(launchPart, launchPhrase)) }
        }
        return reasons
    }
}

/// Arrays one organization's analysis reuses from post to post.
struct PostWorkspace {
    var text: [Unicode.Scalar] = []
    var spans: [TextScanner.URLSpan] = []
    var body = PostBody.Storage()
    /// The post's URLs as `analyze` found them (for `OrgDetails`).
    var urls: [String] = []
}
