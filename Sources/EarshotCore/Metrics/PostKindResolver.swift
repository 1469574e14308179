#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
public enum PostKindResolver {
    /// - Parameters:
    ///   - post: the merged post.
    ///   - org: the organization's handle, lower-case.
    ///   - urls: the post's URLs (expanded where the source has them, else those in its text).
    ///   - textScalars: `post.text`'s scalars, when the caller already has them.
    public static func resolve(_ post: Post, org: String, urls: [String]) -> (kind: PostKind, target: String?) {
        resolve(post, org: org, urls: urls, textScalars: Scalars.of(post.text))
    }

    static func resolve(_ post: Post, org: String, urls: [String], textScalars: [Unicode.Scalar]) -> (kind: PostKind, target: String?) {
        if let marker = post.marker {
            switch marker {
            case .repost(let target):
                return (.repost, normalized(target) ?? TextScanner.leadingRepost(textScalars)?.target)
            case .reply(let target):
                let target = normalized(target) ?? TextScanner.leadingMention(textScalars)
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
        if let repost = TextScanner.leadingRepost(textScalars) {
            return (.repost, repost.target)
        }
        if post.textReplyAllowed, let target = TextScanner.leadingMention(textScalars) {
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
