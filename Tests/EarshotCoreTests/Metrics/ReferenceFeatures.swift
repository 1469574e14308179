// PRE-OPTIMISATION REFERENCE, test oracle only.
//
// A copy of the per-post feature pass (PostAnalyzer, PostBody, Scalars, TextScanner,
// TimeExpressions, PostKindResolver) as it was on main before the instruction-count
// work of branch `feat`, with each type renamed `Ref...`. `PostFeaturesPropertyTests` checks that
// the optimised code in EarshotCore gives exactly the same `PostFeatures` as this on many random
// texts. Do not optimise or "fix" this file: it is the specification by example. The phrase
// matcher, the character classes and `Scalars.string`, which that work left as they were, are
// the production ones.
//
// Version 2 of the promotional rule (issue 20) added `org_ask`, `standing` and `launch`: the
// reference computes them plainly (`RefPromotion` at the end: each phrase looked for at each
// place, the `new` + launch-noun window from every pair of places), not with the matcher.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@testable import EarshotCore

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
struct RefPostAnalyzer: Sendable {
    let org: String
    /// The matcher itself did not change: the production one, fed the reference body.
    private let matcher: PhraseMatcher
    private let handleScalars: [Unicode.Scalar]
    private let hashtags: Set<String>
    private let domains: [String]
    /// `.` + each domain: a host ending with one is a subdomain.
    private let dottedDomains: [String]
    private let promotion: RefPromotion

    private static let action: UInt16 = 1, event: UInt16 = 2, recognition: UInt16 = 4, solicitation: UInt16 = 8, selfName: UInt16 = 16

    /// Hosts of link shorteners: a URL behind one says nothing about where it leads.
    static let shorteners: Set<String> = [
        "t.co", "bit.ly", "ow.ly", "buff.ly", "goo.gl", "tinyurl.com", "fb.me", "dlvr.it", "ift.tt",
        "lnkd.in", "trib.al", "wp.me", "j.mp", "is.gd", "tiny.cc", "shar.es", "su.pr", "ht.ly",
    ]

    /// - Parameters:
    ///   - org: the organization's handle (any case, with or without `@`).
    ///   - organization: its registry entry, or nil for an unregistered organization.
    init(org: String, organization: Organization?, lexicon: Lexicon) {
        self.org = Handle.normalize(org)
        var matcher = PhraseMatcher()
        let groups: [(Lexicon.Section, UInt16)] = [
            (.action, Self.action), (.event, Self.event), (.recognition, Self.recognition), (.solicitation, Self.solicitation),
        ]
        for (section, group) in groups {
            for phrase in lexicon.phrases(section) { matcher.add(RefPostBody.normalizePhrase(phrase), groups: group) }
        }
        var names = [self.org]
        if let organization {
            names.append(organization.name)
            names.append(contentsOf: organization.aliases)
        }
        for name in names { matcher.add(RefPostBody.normalizePhrase(name), groups: Self.selfName) }
        self.matcher = matcher
        self.handleScalars = Array(self.org.unicodeScalars)
        var tags = Set<String>()
        for tag in organization?.hashtags ?? [] {
            var scalars = RefPostBody.normalizePhrase(tag)
            if scalars.first == "#" { scalars.removeFirst() }
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars)
            if !view.isEmpty { tags.insert(String(view)) }
        }
        self.hashtags = tags
        self.domains = (organization?.domains ?? []).map { domain in
            var d = domain.lowercased()
            if d.hasPrefix("www.") { d.removeFirst(4) }
            return d
        }.filter { !$0.isEmpty }
        self.dottedDomains = domains.map { "." + $0 }
        self.promotion = RefPromotion(lexicon: lexicon)
    }

    func analyze(_ post: Post) -> PostFeatures {
        var workspace = RefPostWorkspace()
        return analyze(post, workspace: &workspace)
    }

    /// The same with arrays kept from the previous post (`OrgAnalysis` passes one workspace for
    /// all of an organization's posts).
    func analyze(_ post: Post, workspace: inout RefPostWorkspace) -> PostFeatures {
        RefScalars.decode(post.text, into: &workspace.text)
        RefTextScanner.urlSpans(workspace.text, into: &workspace.spans)
        let text = workspace.text
        let spans = workspace.spans
        var urls: [String] = []
        for url in post.expandedURLs ?? RefTextScanner.urls(in: text, spans: spans) where !urls.contains(url) {
            urls.append(url)
        }
        let (kind, target) = RefPostKindResolver.resolve(post, org: org, urls: urls, textScalars: text)
        let selfRepost = kind == .repost && target == org
        let stripMentions = kind == .reply || kind == .thread
        let body: RefPostBody
        if selfRepost, let original = post.repostedText, !original.isEmpty {
            body = RefPostBody(text: original, stripLeadingMentions: false)
        } else {
            body = RefPostBody(source: text, spans: spans, stripLeadingMentions: stripMentions, storage: &workspace.body)
        }
        defer { body.recycle(into: &workspace.body) }

        let found = matcher.groups(scalars: body.scalars, isWord: body.isWord)
        let cta = found & Self.action != 0 || (found & Self.event != 0 && RefTimeExpressions.contains(in: body))
        let recognition = found & Self.recognition != 0
        let solicitation = found & Self.solicitation != 0 && body.containsQuestionMark
        let selfMention = found & Self.selfName != 0 || body.mentions(handleScalars) || body.hasHashtag(in: hashtags)
        let time = RefTimeExpressions.contains(in: body)
        let orgAsk = promotion.orgAsk(body.scalars, time: time)
        let standing = promotion.standing(body.scalars)
        let launch = promotion.launch(body.scalars)

        var ownLink = false
        var known = 0
        for url in urls {
            let host = RefTextScanner.host(of: url)
            if !Self.shorteners.contains(host) { known += 1 }
            if !ownLink {
                for (domain, dotted) in zip(domains, dottedDomains) where host == domain || host.hasSuffix(dotted) {
                    ownLink = true
                    break
                }
            }
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
        func addPartner(_ handle: String) {
            let h = Handle.normalize(handle)
            if !h.isEmpty, h != org, !partners.contains(h) { partners.append(h) }
        }
        if kind == .reply || kind == .repost || kind == .quote, let target { addPartner(target) }
        if authored {
            for mention in post.mentions ?? RefTextScanner.mentions(in: text, skipping: spans) { addPartner(mention) }
        }

        return PostFeatures(
            kind: kind, target: target, ica: ica, cta: cta, ownLink: ownLink, selfMention: selfMention,
            recognition: recognition, solicitation: solicitation, orgAsk: orgAsk, standing: standing, launch: launch,
            selfRepost: selfRepost,
            promotional: selfRepost || (authored && (promotion.rule == .v1 ? cta || ownLink || selfMention
                                                     : orgAsk || ((ownLink || selfMention) && (standing || launch)))),
            conversational: kind == .reply || kind == .quote || (kind == .repost && !selfRepost),
            urlCount: urls.count, knownURLCount: known, partners: partners)
    }
}

/// Arrays one organization's analysis reuses from post to post.
struct RefPostWorkspace {
    var text: [Unicode.Scalar] = []
    var spans: [RefTextScanner.URLSpan] = []
    var body = RefPostBody.Storage()
}

/// The text that the lexicons look at (metrics.md section 2): the decoded text, lower-cased,
/// each URL replaced by one space, a leading `RT @x:` removed, for replies and threads the run of
/// leading mentions removed, and curly quotes folded to straight ones.
struct RefPostBody {
    /// Lower-cased, folded scalars.
    let scalars: [Unicode.Scalar]
    /// `CharClass.isWord` of each scalar, computed once for every matcher.
    let isWord: [Bool]

    init(text: String, stripLeadingMentions: Bool) {
        let source = RefScalars.of(text)
        self.init(source: source, spans: RefTextScanner.urlSpans(source), stripLeadingMentions: stripLeadingMentions)
    }

    /// - Parameters:
    ///   - source: the text's scalars, as written.
    ///   - spans: the URLs in `source`.
    init(source: [Unicode.Scalar], spans: [RefTextScanner.URLSpan], stripLeadingMentions: Bool) {
        var storage = Storage()
        self.init(source: source, spans: spans, stripLeadingMentions: stripLeadingMentions, storage: &storage)
    }

    /// Arrays a body is built in, kept from one post to the next (`RefPostWorkspace`): allocating
    /// and freeing them was a good part of the cost of a post.
    struct Storage {
        var replaced: [Unicode.Scalar] = []
        var scalars: [Unicode.Scalar] = []
        var isWord: [Bool] = []
    }

    /// The same, built in `storage`'s arrays; `recycle(into:)` gives them back.
    init(source: [Unicode.Scalar], spans: [RefTextScanner.URLSpan], stripLeadingMentions: Bool, storage: inout Storage) {
        if !spans.isEmpty {
            storage.replaced.removeAll(keepingCapacity: true)
            var i = 0
            for span in spans {
                storage.replaced.append(contentsOf: source[i..<span.range.lowerBound])
                storage.replaced.append(" ")
                i = span.range.upperBound
            }
            storage.replaced.append(contentsOf: source[i...])
        }
        let replaced = spans.isEmpty ? source : storage.replaced
        var start = RefTextScanner.leadingRepost(replaced)?.end ?? 0
        if stripLeadingMentions { start = RefTextScanner.endOfLeadingMentions(replaced, from: start) }

        var scalars: [Unicode.Scalar] = []
        var isWord: [Bool] = []
        swap(&scalars, &storage.scalars)
        swap(&isWord, &storage.isWord)
        scalars.removeAll(keepingCapacity: true)
        isWord.removeAll(keepingCapacity: true)
        let count = replaced.count - start

        // Most bodies are ASCII: lower-cased and classified by bytes, without an append (and its
        // uniqueness check) per scalar.
        let ascii = replaced.withUnsafeBufferPointer { all in
            UnsafeBufferPointer(rebasing: all[start...]).allSatisfy { $0.value < 0x80 }
        }
        if ascii {
            if count > 0 {
                scalars.append(contentsOf: repeatElement(Unicode.Scalar(0), count: count))
                isWord.append(contentsOf: repeatElement(false, count: count))
                replaced.withUnsafeBufferPointer { all in
                    let source = UnsafeRawPointer(all.baseAddress! + start).assumingMemoryBound(to: UInt32.self)
                    scalars.withUnsafeMutableBufferPointer { lowered in
                        isWord.withUnsafeMutableBufferPointer { word in
                            let to = UnsafeMutableRawPointer(lowered.baseAddress!).assumingMemoryBound(to: UInt32.self)
                            for k in 0..<count {
                                let v = source[k]
                                let l = v &- 0x41 < 26 ? v &+ 0x20 : v
                                to[k] = l
                                word[k] = l &- 0x30 < 10 || l &- 0x61 < 26 || l == 0x5F
                            }
                        }
                    }
                }
            }
        } else {
            scalars.reserveCapacity(count)
            for s in replaced[start...] { RefPostBody.appendLowercasedFolded(s, to: &scalars) }
            isWord.append(contentsOf: scalars.lazy.map(CharClass.isWord))
        }
        self.scalars = scalars
        self.isWord = isWord
    }

    /// Gives the arrays back to `storage` for the next post.
    func recycle(into storage: inout Storage) {
        storage.scalars = scalars
        storage.isWord = isWord
    }

    /// Lower-cases one scalar as `String.lowercased()` does, then folds curly quotes.
    @inline(__always)
    static func appendLowercasedFolded(_ s: Unicode.Scalar, to out: inout [Unicode.Scalar]) {
        let v = s.value
        if v < 0x80 {
            out.append(v >= 0x41 && v <= 0x5A ? Unicode.Scalar(UInt8(truncatingIfNeeded: v + 0x20)) : s)
            return
        }
        switch v {
        case 0x2018, 0x2019, 0x201B, 0x2032: out.append("'")
        case 0x201C, 0x201D, 0x201E, 0x2033: out.append("\"")
        default:
            if s.properties.changesWhenLowercased {
                out.append(contentsOf: s.properties.lowercaseMapping.unicodeScalars)
            } else {
                out.append(s)
            }
        }
    }

    /// A phrase (lexicon entry, registry name or alias) in the body's form: lower-cased,
    /// folded, white space runs as one space, trimmed.
    static func normalizePhrase(_ phrase: String) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        var pendingSpace = false
        for s in phrase.unicodeScalars {
            if CharClass.isWhite(s) {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace { out.append(" "); pendingSpace = false }
            appendLowercasedFolded(s, to: &out)
        }
        return out
    }

    var containsQuestionMark: Bool { scalars.contains("?") }

    /// Whether the body mentions `@handle` (handle lower-case).
    func mentions(_ handle: [Unicode.Scalar]) -> Bool {
        guard !handle.isEmpty else { return false }
        var i = 0
        let n = scalars.count
        while i < n {
            if scalars[i] == "@", i == 0 || !isWord[i - 1] {
                var j = i + 1
                while j < n, CharClass.isHandle(scalars[j]) { j += 1 }
                if j - i - 1 == handle.count, scalars[(i + 1)..<j].elementsEqual(handle) { return true }
                i = max(j, i + 1)
                continue
            }
            i += 1
        }
        return false
    }

    /// Whether one of the body's hashtags is in `tags` (lower-case, without `#`).
    func hasHashtag(in tags: Set<String>) -> Bool {
        guard !tags.isEmpty else { return false }
        var found = false
        RefTextScanner.forEachHashtag(in: scalars) { range in
            guard !found else { return }
            if tags.contains(Scalars.string(scalars[range])) { found = true }
        }
        return found
    }
}

/// Conversions between `String` and the scalar arrays the text features work on, done by hand
/// over UTF-8: `Array(text.unicodeScalars)` counts the scalars before copying them, and
/// `String.UnicodeScalarView.append(contentsOf:)` goes a scalar at a time through generic code.
/// Both ran several times per post.
enum RefScalars {
    /// The scalars of `text`, as `Array(text.unicodeScalars)` gives them.
    static func of(_ text: String) -> [Unicode.Scalar] {
        var scalars: [Unicode.Scalar] = []
        decode(text, into: &scalars)
        return scalars
    }

    /// The same into an array that keeps its storage from one post to the next.
    static func decode(_ text: String, into scalars: inout [Unicode.Scalar]) {
        scalars.removeAll(keepingCapacity: true)
        var text = text
        text.withUTF8 { utf8 in
            guard let p = utf8.baseAddress, utf8.count > 0 else { return }
            let n = utf8.count
            // At most one scalar per byte: room for n, then cut to the number decoded.
            scalars.append(contentsOf: repeatElement(Unicode.Scalar(0), count: n))
            let decoded = scalars.withUnsafeMutableBufferPointer { out -> Int in
                let q = UnsafeMutableRawPointer(out.baseAddress!).assumingMemoryBound(to: UInt32.self)
                var i = 0
                var k = 0
                while i < n {
                    // Eight ASCII bytes at a time, widened without a branch per byte.
                    if i + 8 <= n, UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                        for j in 0..<8 { q[k + j] = UInt32(p[i + j]) }
                        i += 8
                        k += 8
                        continue
                    }
                    let b = UInt32(p[i])
                    // A String's UTF-8 is valid: the lead byte says how many bytes follow.
                    if b < 0x80 {
                        q[k] = b
                        i += 1
                    } else if b < 0xE0 {
                        q[k] = (b & 0x1F) << 6 | UInt32(p[i + 1] & 0x3F)
                        i += 2
                    } else if b < 0xF0 {
                        q[k] = (b & 0x0F) << 12 | UInt32(p[i + 1] & 0x3F) << 6 | UInt32(p[i + 2] & 0x3F)
                        i += 3
                    } else {
                        q[k] = (b & 0x07) << 18 | UInt32(p[i + 1] & 0x3F) << 12 | UInt32(p[i + 2] & 0x3F) << 6
                            | UInt32(p[i + 3] & 0x3F)
                        i += 4
                    }
                    k += 1
                }
                return k
            }
            scalars.removeLast(n - decoded)
        }
    }
}

/// Finds URLs, mentions and hashtags in a post's text (metrics.md section 2).
///
/// Judgement calls, where the spec leaves room:
/// - URL prefixes `http://`, `https://` and `www.` are matched as written (lower case) and
///   anywhere, also inside a word, as a `(https?://|www\.)\S+` search would; at least one
///   non-white character must follow the prefix. Trailing `.,;:!?)"'` are removed from the URL
///   but stay in the text around it.
/// - Mentions found in the text skip the URLs (`medium.com/@someone` is a link, not a mention).
enum RefTextScanner {
    /// One URL in a scalar array: `range` is the URL itself (trailing punctuation removed);
    /// `runEnd` is where the white-space-delimited run it was taken from ends.
    struct URLSpan: Equatable {
        var range: Range<Int>
        var runEnd: Int
    }

    /// `. , ; : ! ? ) " '`: punctuation that ends a sentence, not the URL before it.
    @inline(__always)
    private static func isTrailing(_ v: UInt32) -> Bool {
        switch v {
        case 0x2E, 0x2C, 0x3B, 0x3A, 0x21, 0x3F, 0x29, 0x22, 0x27: return true
        default: return false
        }
    }
    private static let http: [Unicode.Scalar] = Array("http://".unicodeScalars)
    private static let https: [Unicode.Scalar] = Array("https://".unicodeScalars)
    private static let www: [Unicode.Scalar] = Array("www.".unicodeScalars)

    @inline(__always)
    static func hasPrefix(_ s: [Unicode.Scalar], at i: Int, _ prefix: [Unicode.Scalar]) -> Bool {
        guard i + prefix.count <= s.count else { return false }
        for k in 0..<prefix.count where s[i + k] != prefix[k] { return false }
        return true
    }

    /// The URL starting exactly at `i`, if any.
    static func url(in s: [Unicode.Scalar], at i: Int) -> URLSpan? {
        let first = s[i].value
        let prefixLength: Int
        if first == 0x68, hasPrefix(s, at: i, https) {
            prefixLength = https.count
        } else if first == 0x68, hasPrefix(s, at: i, http) {
            prefixLength = http.count
        } else if first == 0x77, hasPrefix(s, at: i, www) {
            prefixLength = www.count
        } else {
            return nil
        }
        var j = i + prefixLength
        while j < s.count, !CharClass.isWhite(s[j]) { j += 1 }
        guard j > i + prefixLength else { return nil }
        var end = j
        while end > i, isTrailing(s[end - 1].value) { end -= 1 }
        return URLSpan(range: i..<end, runEnd: j)
    }

    /// Every URL in the text, left to right.
    static func urlSpans(_ s: [Unicode.Scalar]) -> [URLSpan] {
        var spans: [URLSpan] = []
        urlSpans(s, into: &spans)
        return spans
    }

    /// The same into an array that keeps its storage from one post to the next.
    static func urlSpans(_ s: [Unicode.Scalar], into spans: inout [URLSpan]) {
        spans.removeAll(keepingCapacity: true)
        var i = 0
        while i < s.count {
            let v = s[i].value
            if v == 0x68 || v == 0x77, let span = url(in: s, at: i) {
                spans.append(span)
                i = span.runEnd
            } else {
                i += 1
            }
        }
    }

    /// The URLs found in a text, each once, in order of first appearance.
    static func urls(in text: String) -> [String] {
        let s = RefScalars.of(text)
        return urls(in: s, spans: urlSpans(s))
    }

    static func urls(in s: [Unicode.Scalar], spans: [URLSpan]) -> [String] {
        var result: [String] = []
        for span in spans {
            let url = Scalars.string(s[span.range])
            if !result.contains(url) { result.append(url) }
        }
        return result
    }

    /// A URL's host: lower-cased, without scheme, user, port or a leading `www.`.
    static func host(of url: String) -> String {
        var url = url
        return url.withUTF8 { bytes -> String in
            var start = 0
            // A scheme is what comes before the first "://" when no "/" precedes it.
            var i = 0
            while i + 2 < bytes.count, bytes[i] != 0x2F {
                if bytes[i] == 0x3A, bytes[i + 1] == 0x2F, bytes[i + 2] == 0x2F { start = i + 3; break }
                i += 1
            }
            var end = start
            while end < bytes.count, bytes[end] != 0x2F, bytes[end] != 0x3F, bytes[end] != 0x23 { end += 1 }
            if let at = bytes[start..<end].lastIndex(of: 0x40) { start = at + 1 }
            if let colon = bytes[start..<end].firstIndex(of: 0x3A) { end = colon }
            if end - start >= 4, bytes[start] | 0x20 == 0x77, bytes[start + 1] | 0x20 == 0x77, bytes[start + 2] | 0x20 == 0x77,
               bytes[start + 3] == 0x2E {
                start += 4
            }
            let part = UnsafeBufferPointer(rebasing: bytes[start..<end])
            guard part.allSatisfy({ $0 < 0x80 }) else { return String(decoding: part, as: UTF8.self).lowercased() }
            // ASCII: lower-cased as it is copied, without an intermediate array.
            return String(unsafeUninitializedCapacity: part.count) { out in
                for (k, b) in part.enumerated() { out[k] = b &- 0x41 < 26 ? b | 0x20 : b }
                return part.count
            }
        }
    }

    /// Mentions (`@` + `[A-Za-z0-9_]+`, not preceded by a letter, digit or `_`), lower-cased,
    /// each once, outside URLs.
    static func mentions(in text: String) -> [String] {
        let s = RefScalars.of(text)
        return mentions(in: s, skipping: urlSpans(s))
    }

    static func mentions(in s: [Unicode.Scalar], skipping spans: [URLSpan]) -> [String] {
        var result: [String] = []
        var spanIndex = 0
        var i = 0
        while i < s.count {
            if spanIndex < spans.count, i >= spans[spanIndex].range.lowerBound {
                i = max(i, spans[spanIndex].runEnd)
                spanIndex += 1
                continue
            }
            if s[i] == "@", i == 0 || !CharClass.isWord(s[i - 1]) {
                var j = i + 1
                while j < s.count, CharClass.isHandle(s[j]) { j += 1 }
                if j > i + 1 {
                    let handle = Scalars.string(s[(i + 1)..<j], lowercasingASCII: true)  // ASCII: lower-cased
                    if !result.contains(handle) { result.append(handle) }
                    i = j
                    continue
                }
            }
            i += 1
        }
        return result
    }

    /// Hashtags (`#` + letters, digits or `_`, not preceded by a letter, digit or `_`), without
    /// `#`, as written.
    static func hashtags(in text: String) -> [String] {
        let s = RefScalars.of(text)
        var result: [String] = []
        forEachHashtag(in: s) { range in result.append(Scalars.string(s[range])) }
        return result
    }

    /// Calls `body` with the range of each hashtag's name (after `#`).
    static func forEachHashtag(in s: [Unicode.Scalar], _ body: (Range<Int>) -> Void) {
        var i = 0
        while i < s.count {
            if s[i] == "#", i == 0 || !CharClass.isWord(s[i - 1]) {
                var j = i + 1
                while j < s.count, CharClass.isWord(s[j]) { j += 1 }
                if j > i + 1 {
                    body((i + 1)..<j)
                    i = j
                    continue
                }
            }
            i += 1
        }
    }

    /// The account of a leading `RT @x:` (after optional white space, `RT` in capitals), and
    /// the index just after its colon.
    static func leadingRepost(_ s: [Unicode.Scalar]) -> (target: String, end: Int)? {
        var i = 0
        while i < s.count, CharClass.isWhite(s[i]) { i += 1 }
        guard i + 4 < s.count, s[i] == "R", s[i + 1] == "T", s[i + 2] == " ", s[i + 3] == "@" else { return nil }
        var j = i + 4
        while j < s.count, CharClass.isHandle(s[j]) { j += 1 }
        guard j > i + 4, j < s.count, s[j] == ":" else { return nil }
        return (handle(s[(i + 4)..<j]), j + 1)
    }

    /// The account of a mention at the very start of the text, after optional white space
    /// (`.@x` is not one).
    static func leadingMention(_ s: [Unicode.Scalar]) -> String? {
        var i = 0
        while i < s.count, CharClass.isWhite(s[i]) { i += 1 }
        guard i < s.count, s[i] == "@" else { return nil }
        var j = i + 1
        while j < s.count, CharClass.isHandle(s[j]) { j += 1 }
        return j > i + 1 ? handle(s[(i + 1)..<j]) : nil
    }

    /// The index after the run of leading mentions (`@x` tokens separated by white space,
    /// commas or colons) that starts at or after `start`; `start` when there is none.
    static func endOfLeadingMentions(_ s: [Unicode.Scalar], from start: Int) -> Int {
        func isSeparator(_ c: Unicode.Scalar) -> Bool { c == "," || c == ":" || CharClass.isWhite(c) }
        var i = start
        while i < s.count, isSeparator(s[i]) { i += 1 }
        var end = start
        while i < s.count, s[i] == "@" {
            var j = i + 1
            while j < s.count, CharClass.isHandle(s[j]) { j += 1 }
            guard j > i + 1 else { break }
            end = j
            i = j
            while i < s.count, isSeparator(s[i]) { i += 1 }
        }
        return end
    }

    /// A handle's scalars (ASCII, `CharClass.isHandle`) as lower-case text.
    private static func handle(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        Scalars.string(scalars, lowercasingASCII: true)
    }
}


/// Time expressions (metrics.md section 2): with an event phrase they make a call to action.
/// Matched as whole words in the body: a weekday, a month and day (`jul 30`, `july 30th`,
/// `sept. 3`), a clock time (`9am`, `4:30 pm`, `14:05`), or `today`, `tomorrow`, `tonight`,
/// `this week`, `next week`.
///
/// Judgement calls: the day number is written without a leading zero (`jul 05` is not one, as
/// `1-31` reads), any of `st`/`nd`/`rd`/`th` may follow it; an hour before `am`/`pm` is 1-12
/// without a leading zero; exactly one space between month and day, and in `this week`.
enum RefTimeExpressions {
    /// The words below, each packed into an integer (`packed`): a word of the body is looked up
    /// without making a `String` of it.
    private static let packedWords = Set(words.map { packed(Array($0.unicodeScalars)[...])! })
    private static let packedMonths = Set(months.map { packed(Array($0.unicodeScalars)[...])! })
    private static let this = packed(Array("this".unicodeScalars)[...])!
    private static let next = packed(Array("next".unicodeScalars)[...])!

    /// Up to nine letters `a`-`z`, seven bits each; nil for anything else.
    private static func packed(_ scalars: ArraySlice<Unicode.Scalar>) -> UInt64? {
        guard scalars.count <= 9 else { return nil }
        var key: UInt64 = 0
        for s in scalars {
            guard s.value >= 0x61 && s.value <= 0x7A else { return nil }
            key = key << 7 | UInt64(s.value)
        }
        return key
    }

    private static let words: Set<String> = [
        "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "today", "tomorrow", "tonight",
    ]
    private static let months: Set<String> = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    ]
    private static let week: [Unicode.Scalar] = Array(" week".unicodeScalars)

    static func contains(in body: RefPostBody) -> Bool {
        let s = body.scalars
        let isWord = body.isWord
        let n = s.count
        var i = 0
        while i < n {
            guard isWord[i], i == 0 || !isWord[i - 1] else { i += 1; continue }
            var end = i
            while end < n, isWord[end] { end += 1 }
            if CharClass.isDigit(s[i]) {
                if clockTime(s, isWord, at: i) { return true }
            } else if end - i <= 9, let word = packed(s[i..<end]) {
                if packedWords.contains(word) { return true }
                if word == this || word == next, matchesWeek(s, isWord, at: end) { return true }
                if packedMonths.contains(word), dayNumber(s, isWord, afterMonthAt: end) { return true }
            }
            i = end
        }
        return false
    }

    @inline(__always)
    private static func boundary(_ isWord: [Bool], _ j: Int) -> Bool { j >= isWord.count || !isWord[j] }

    private static func matchesWeek(_ s: [Unicode.Scalar], _ isWord: [Bool], at i: Int) -> Bool {
        RefTextScanner.hasPrefix(s, at: i, week) && boundary(isWord, i + week.count)
    }

    /// After a month name: an optional `.`, one space, a day 1-31, an optional ordinal suffix.
    private static func dayNumber(_ s: [Unicode.Scalar], _ isWord: [Bool], afterMonthAt start: Int) -> Bool {
        var i = start
        if i < s.count, s[i] == "." { i += 1 }
        guard i < s.count, s[i] == " " else { return false }
        i += 1
        for length in [2, 1] {
            guard i + length <= s.count, let day = number(s, i, length), (1...31).contains(day) else { continue }
            if length == 2, s[i] == "0" { continue }
            let end = i + length
            if ordinalSuffix(s, at: end), boundary(isWord, end + 2) { return true }
            if boundary(isWord, end) { return true }
        }
        return false
    }

    private static func ordinalSuffix(_ s: [Unicode.Scalar], at i: Int) -> Bool {
        guard i + 1 < s.count else { return false }
        switch (s[i], s[i + 1]) {
        case ("s", "t"), ("n", "d"), ("r", "d"), ("t", "h"): return true
        default: return false
        }
    }

    /// `1-12` with optional `:MM`, optional space and `am`/`pm`; or `H:MM`/`HH:MM` 0:00-23:59.
    private static func clockTime(_ s: [Unicode.Scalar], _ isWord: [Bool], at i: Int) -> Bool {
        for length in [2, 1] {
            guard i + length <= s.count, let hour = number(s, i, length) else { continue }
            let afterHour = i + length
            let hasMinutes = minutes(s, at: afterHour)
            // 24-hour form.
            if hasMinutes, hour <= 23, boundary(isWord, afterHour + 3) { return true }
            // 12-hour form with am/pm.
            if (1...12).contains(hour), !(length == 2 && s[i] == "0") {
                var candidates = [afterHour]
                if hasMinutes { candidates.insert(afterHour + 3, at: 0) }
                for j in candidates {
                    if meridiem(s, isWord, at: j) { return true }
                    if j < s.count, s[j] == " ", meridiem(s, isWord, at: j + 1) { return true }
                }
            }
        }
        return false
    }

    /// `:MM` with MM 00-59 at `i`.
    private static func minutes(_ s: [Unicode.Scalar], at i: Int) -> Bool {
        guard i + 3 <= s.count, s[i] == ":", let m = number(s, i + 1, 2) else { return false }
        return m <= 59
    }

    private static func meridiem(_ s: [Unicode.Scalar], _ isWord: [Bool], at i: Int) -> Bool {
        guard i + 2 <= s.count, s[i] == "a" || s[i] == "p", s[i + 1] == "m" else { return false }
        return boundary(isWord, i + 2)
    }

    /// The ASCII decimal number of exactly `length` digits at `i`.
    private static func number(_ s: [Unicode.Scalar], _ i: Int, _ length: Int) -> Int? {
        var value = 0
        for k in i..<(i + length) {
            guard CharClass.isDigit(s[k]) else { return nil }
            value = value * 10 + Int(s[k].value - 0x30)
        }
        return value
    }
}

/// Decides a merged post's kind and target (metrics.md section 1, "Kind").
///
/// A structural marker (a field of the export) beats every text heuristic, so when the post has
/// one, it alone decides:
/// - repost: target from the marker, else from a leading `RT @x:` in the text, else unknown;
/// - reply: target from the marker, else the mention at the start of the text, else unknown;
///   a target that is the organization makes a `thread`, an unknown one stays a `reply`;
/// - quote: target from the marker, else the first status URL in the post's URLs that is not
///   the post's own and points at another account. A quote of the organization itself (by the
///   marker's target, or, with no target, when the only status URLs point at the organization)
///   is not a quote: the post is an `original`. With no usable URL the target stays unknown.
/// Without a marker, the text heuristics in the spec's order: `RT @x:` makes a repost of x; in
/// a post that a format without reply markers contributed to, a leading `@x` makes a reply to x
/// (a thread when x is the organization); a status URL of another account, not the post's own
/// id, makes a quote of that account; otherwise `original`.
///
/// Judgement calls: Mastodon status URLs (`/@x/n`, `/users/x/statuses/n`) count only for posts
/// with a Mastodon source; text URLs that start with `www.` are read as `http://www.`.
enum RefPostKindResolver {
    /// - Parameters:
    ///   - post: the merged post.
    ///   - org: the organization's handle, lower-case.
    ///   - urls: the post's URLs (expanded where the source has them, else those in its text).
    ///   - textScalars: `post.text`'s scalars, when the caller already has them.
    static func resolve(_ post: Post, org: String, urls: [String]) -> (kind: PostKind, target: String?) {
        resolve(post, org: org, urls: urls, textScalars: RefScalars.of(post.text))
    }

    static func resolve(_ post: Post, org: String, urls: [String], textScalars: [Unicode.Scalar]) -> (kind: PostKind, target: String?) {
        if let marker = post.marker {
            switch marker {
            case .repost(let target):
                return (.repost, normalized(target) ?? RefTextScanner.leadingRepost(textScalars)?.target)
            case .reply(let target):
                let target = normalized(target) ?? RefTextScanner.leadingMention(textScalars)
                return (target == org ? .thread : .reply, target)
            case .quote(let target):
                if let target = normalized(target) {
                    return target == org ? (.original, nil) : (.quote, target)
                }
                switch quotedStatus(post, org: org, urls: urls) {
                case .other(let account): return (.quote, account)
                case .ownOnly: return (.original, nil)
                case .none: return (.quote, nil)
                }
            }
        }
        if let repost = RefTextScanner.leadingRepost(textScalars) {
            return (.repost, repost.target)
        }
        if post.textReplyAllowed, let target = RefTextScanner.leadingMention(textScalars) {
            return (target == org ? .thread : .reply, target)
        }
        if case .other(let account) = quotedStatus(post, org: org, urls: urls) {
            return (.quote, account)
        }
        return (.original, nil)
    }

    private enum QuotedStatus {
        case other(String)
        case ownOnly
        case none
    }

    /// The first status URL of another account (not the post's own id), or whether the only
    /// status URLs point at the organization's other posts.
    private static func quotedStatus(_ post: Post, org: String, urls: [String]) -> QuotedStatus {
        let mastodon = post.sources.contains(.mastodon)
        var sawOwn = false
        for url in urls where mastodon || mayBeTwitterStatus(url) {
            let absolute = url.hasPrefix("www.") ? "http://" + url : url
            guard let status = StatusURL.parse(absolute, mastodon: mastodon), status.id != post.id else { continue }
            if status.user == org {
                sawOwn = true
            } else {
                return .other(status.user)
            }
        }
        return sawOwn ? .ownOnly : .none
    }

    /// A cheap test before the full parse: every Twitter status URL contains `/status`.
    private static func mayBeTwitterStatus(_ url: String) -> Bool {
        var url = url
        return url.withUTF8 { bytes in
            guard let base = bytes.baseAddress, bytes.count >= 7 else { return false }
            // Each "/" found by memchr, then the six bytes after it.
            var k = 0
            while let hit = memchr(base + k, 0x2F, bytes.count - 6 - k) {
                let at = UnsafeRawPointer(hit).assumingMemoryBound(to: UInt8.self) - base
                if memcmp(hit, "/status", 7) == 0 { return true }
                k = at + 1
                if k > bytes.count - 7 { break }
            }
            return false
        }
    }

    private static func normalized(_ handle: String?) -> String? {
        guard let handle else { return nil }
        let h = Handle.normalize(handle)
        return h.isEmpty ? nil : h
    }
}

/// The features of the promotional rule, version 2 (metrics.md sections 2 and 3), the plain way.
struct RefPromotion {
    let rule: Lexicon.PromotionalRule
    let orgAsks: [[Unicode.Scalar]]
    /// Event phrases other than `call` and `talk`.
    let events: [[Unicode.Scalar]]
    let standings: [[Unicode.Scalar]]
    let launches: [[Unicode.Scalar]]
    let launchNouns: [[Unicode.Scalar]]

    init(lexicon: Lexicon) {
        func list(_ section: Lexicon.Section) -> [[Unicode.Scalar]] {
            lexicon.phrases(section).map(RefPostBody.normalizePhrase).filter { !$0.isEmpty }
        }
        rule = lexicon.promotionalRule
        orgAsks = list(.organizationAsk)
        events = rule == .v1 ? [] : lexicon.phrases(.event).filter { $0 != "call" && $0 != "talk" }.map(RefPostBody.normalizePhrase)
        standings = list(.standing)
        launches = list(.launch)
        launchNouns = list(.launchNoun)
    }

    /// Every place where `phrase` occurs in `body` with the word-boundary rule: a boundary at
    /// each end of the phrase that is a letter or digit. As (start, end).
    static func places(of phrase: [Unicode.Scalar], in body: [Unicode.Scalar]) -> [(Int, Int)] {
        guard !phrase.isEmpty, phrase.count <= body.count else { return [] }
        var result: [(Int, Int)] = []
        for start in 0...(body.count - phrase.count) {
            let end = start + phrase.count
            guard body[start] == phrase[0], body[start..<end].elementsEqual(phrase) else { continue }
            if CharClass.isWord(phrase[0]), start > 0, CharClass.isWord(body[start - 1]) { continue }
            if CharClass.isWord(phrase[phrase.count - 1]), end < body.count, CharClass.isWord(body[end]) { continue }
            result.append((start, end))
        }
        return result
    }

    static func any(_ phrases: [[Unicode.Scalar]], in body: [Unicode.Scalar]) -> Bool {
        phrases.contains { !places(of: $0, in: body).isEmpty }
    }

    func orgAsk(_ body: [Unicode.Scalar], time: Bool) -> Bool {
        Self.any(orgAsks, in: body) || (time && Self.any(events, in: body))
    }

    func standing(_ body: [Unicode.Scalar]) -> Bool { Self.any(standings, in: body) }

    func launch(_ body: [Unicode.Scalar]) -> Bool {
        if Self.any(launches, in: body) { return true }
        guard !launchNouns.isEmpty else { return false }
        for new in Self.places(of: Array("new".unicodeScalars), in: body) {
            for noun in launchNouns {
                for place in Self.places(of: noun, in: body) where place.0 >= new.1 {
                    // Words between: runs of characters other than white space.
                    let between = String(String.UnicodeScalarView(body[new.1..<place.0]))
                    let words = between.unicodeScalars.split(whereSeparator: CharClass.isWhite).count
                    if words <= 2 { return true }
                }
            }
        }
        return false
    }
}
