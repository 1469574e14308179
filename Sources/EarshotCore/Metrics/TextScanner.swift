/// Finds URLs, mentions and hashtags in a post's text (metrics.md section 2).
///
/// Judgement calls, where the spec leaves room:
/// - URL prefixes `http://`, `https://` and `www.` are matched as written (lower case) and
///   anywhere, also inside a word, as a `(https?://|www\.)\S+` search would; at least one
///   non-white character must follow the prefix. Trailing `.,;:!?)"'` are removed from the URL
///   but stay in the text around it.
/// - Mentions found in the text skip the URLs (`medium.com/@someone` is a link, not a mention).
public enum TextScanner {
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
    /// Whether `s` has the ASCII `prefix` at `i`.
    @inline(__always)
    static func hasPrefix(_ s: UnsafeBufferPointer<Unicode.Scalar>, at i: Int, _ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard i + count <= s.count else { return false }
        let p = prefix.utf8Start
        for k in 0..<count where s[i + k].value != UInt32(p[k]) { return false }
        return true
    }

    /// The URL starting exactly at `i`, if any.
    static func url(in s: UnsafeBufferPointer<Unicode.Scalar>, at i: Int) -> URLSpan? {
        let prefixLength: Int
        if hasPrefix(s, at: i, "https://") {
            prefixLength = 8
        } else if hasPrefix(s, at: i, "http://") {
            prefixLength = 7
        } else if hasPrefix(s, at: i, "www.") {
            prefixLength = 4
        } else {
            return nil
        }
        let n = s.count
        var j = i + prefixLength
        while j < n, !CharClass.isWhite(s[j]) { j += 1 }
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

    /// The same into an array that keeps its storage from one post to the next. Over a buffer
    /// pointer, looking only for `h` and `w`: this runs on every character of every post, and
    /// the array's bounds checks were much of its time.
    static func urlSpans(_ s: [Unicode.Scalar], into spans: inout [URLSpan]) {
        spans.removeAll(keepingCapacity: true)
        s.withUnsafeBufferPointer { s in
            let n = s.count
            var i = 0
            while true {
                i = Scalars.firstIndex(in: s, from: i, to: n, of: 0x68, or: 0x77)  // h, w
                guard i < n else { break }
                if let span = url(in: s, at: i) {
                    spans.append(span)
                    i = span.runEnd
                } else {
                    i += 1
                }
            }
        }
    }

    /// The URLs found in a text, each once, in order of first appearance.
    public static func urls(in text: String) -> [String] {
        let s = Scalars.of(text)
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
    public static func host(of url: String) -> String {
        var url = url
        return url.withUTF8 { bytes -> String in
            let part = UnsafeBufferPointer(rebasing: bytes[hostRange(in: bytes)])
            guard part.allSatisfy({ $0 < 0x80 }) else { return String(decoding: part, as: UTF8.self).lowercased() }
            // ASCII: lower-cased as it is copied, without an intermediate array.
            return String(unsafeUninitializedCapacity: part.count) { out in
                for (k, b) in part.enumerated() { out[k] = b &- 0x41 < 26 ? b | 0x20 : b }
                return part.count
            }
        }
    }

    /// Where `host(of:)`'s host is in a URL's UTF-8, before lower-casing: the per-post link
    /// checks compare it in place, without making a `String` of it.
    static func hostRange(in bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        let n = bytes.count
        var start = 0
        // A scheme is what comes before the first "://" when no "/" precedes it.
        var i = 0
        while i + 2 < n, bytes[i] != 0x2F {
            if bytes[i] == 0x3A, bytes[i + 1] == 0x2F, bytes[i + 2] == 0x2F { start = i + 3; break }
            i += 1
        }
        // To the first "/", "?" or "#"; in one pass, the last "@" (a user before it) and the
        // first ":" after that (a port after it).
        var end = start
        var at = -1, colon = -1
        while end < n {
            let b = bytes[end]
            if b == 0x2F || b == 0x3F || b == 0x23 { break }
            if b == 0x40 {
                at = end
                colon = -1
            } else if b == 0x3A, colon < 0 {
                colon = end
            }
            end += 1
        }
        if at >= 0 { start = at + 1 }
        if colon >= 0 { end = colon }
        if end - start >= 4, bytes[start] | 0x20 == 0x77, bytes[start + 1] | 0x20 == 0x77, bytes[start + 2] | 0x20 == 0x77,
           bytes[start + 3] == 0x2E {
            start += 4
        }
        return start..<end
    }

    /// Mentions (`@` + `[A-Za-z0-9_]+`, not preceded by a letter, digit or `_`), lower-cased,
    /// each once, outside URLs.
    public static func mentions(in text: String) -> [String] {
        let s = Scalars.of(text)
        return mentions(in: s, skipping: urlSpans(s))
    }

    /// Over a buffer pointer, with the next URL's start kept in a local: this looks at every
    /// character of every authored post.
    static func mentions(in s: [Unicode.Scalar], skipping spans: [URLSpan]) -> [String] {
        var result: [String] = []
        s.withUnsafeBufferPointer { s in
            let n = s.count
            var spanIndex = 0
            var nextSpan = spans.first?.range.lowerBound ?? Int.max
            var i = 0
            while i < n {
                if i >= nextSpan {
                    i = max(i, spans[spanIndex].runEnd)
                    spanIndex += 1
                    nextSpan = spanIndex < spans.count ? spans[spanIndex].range.lowerBound : Int.max
                    continue
                }
                // Straight to the next `@` before the next URL.
                i = Scalars.firstIndex(in: s, from: i, to: min(n, nextSpan), of: 0x40, or: 0x40)
                guard i < n else { break }
                if s[i] == "@", i == 0 || !CharClass.isWord(s[i - 1]) {
                    var j = i + 1
                    while j < n, CharClass.isHandle(s[j]) { j += 1 }
                    if j > i + 1 {
                        let handle = handle(UnsafeBufferPointer(rebasing: s[(i + 1)..<j]))
                        if !result.contains(handle) { result.append(handle) }
                        i = j
                        continue
                    }
                }
                i += 1
            }
        }
        return result
    }

    /// Hashtags (`#` + letters, digits or `_`, not preceded by a letter, digit or `_`), without
    /// `#`, as written.
    public static func hashtags(in text: String) -> [String] {
        let s = Scalars.of(text)
        var result: [String] = []
        s.withUnsafeBufferPointer { s in
            forEachHashtag(in: s) { range in result.append(Scalars.string(UnsafeBufferPointer(rebasing: s[range]))) }
        }
        return result
    }

    /// Calls `body` with the range of each hashtag's name (after `#`).
    static func forEachHashtag(in s: UnsafeBufferPointer<Unicode.Scalar>, _ body: (Range<Int>) -> Void) {
        let n = s.count
        var i = 0
        while i < n {
            if s[i] == "#", i == 0 || !CharClass.isWord(s[i - 1]) {
                var j = i + 1
                while j < n, CharClass.isWord(s[j]) { j += 1 }
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
        s.withUnsafeBufferPointer { s in
            leadingRepostRange(s).map { (handle(s[$0.target]), $0.end) }
        }
    }

    /// Where the account of a leading `RT @x:` is, and the index after its colon, over any
    /// scalar text indexed from 0 (a buffer, or `URLReplacedText`); no `String` is made, as
    /// `PostBody` only needs the end.
    static func leadingRepostRange<Text: RandomAccessCollection<Unicode.Scalar>>(_ s: Text) -> (target: Range<Int>, end: Int)?
    where Text.Index == Int {
        let n = s.count
        var i = 0
        while i < n, CharClass.isWhite(s[i]) { i += 1 }
        guard i + 4 < n, s[i] == "R", s[i + 1] == "T", s[i + 2] == " ", s[i + 3] == "@" else { return nil }
        var j = i + 4
        while j < n, CharClass.isHandle(s[j]) { j += 1 }
        guard j > i + 4, j < n, s[j] == ":" else { return nil }
        return ((i + 4)..<j, j + 1)
    }

    /// The account of a mention at the very start of the text, after optional white space
    /// (`.@x` is not one).
    static func leadingMention(_ s: [Unicode.Scalar]) -> String? {
        s.withUnsafeBufferPointer { s in
            let n = s.count
            var i = 0
            while i < n, CharClass.isWhite(s[i]) { i += 1 }
            guard i < n, s[i] == "@" else { return nil }
            var j = i + 1
            while j < n, CharClass.isHandle(s[j]) { j += 1 }
            return j > i + 1 ? handle(UnsafeBufferPointer(rebasing: s[(i + 1)..<j])) : nil
        }
    }

    /// The index after the run of leading mentions (`@x` tokens separated by white space,
    /// commas or colons) that starts at or after `start`; `start` when there is none.
    static func endOfLeadingMentions<Text: RandomAccessCollection<Unicode.Scalar>>(_ s: Text, from start: Int) -> Int
    where Text.Index == Int {
        func isSeparator(_ c: Unicode.Scalar) -> Bool { c == "," || c == ":" || CharClass.isWhite(c) }
        let n = s.count
        var i = start
        while i < n, isSeparator(s[i]) { i += 1 }
        var end = start
        while i < n, s[i] == "@" {
            var j = i + 1
            while j < n, CharClass.isHandle(s[j]) { j += 1 }
            guard j > i + 1 else { break }
            end = j
            i = j
            while i < n, isSeparator(s[i]) { i += 1 }
        }
        return end
    }

    /// A handle's scalars (ASCII, `CharClass.isHandle`) as lower-case text.
    private static func handle<C: Collection<Unicode.Scalar>>(_ scalars: C) -> String {
        Scalars.string(scalars, lowercasingASCII: true)
    }
}

/// A text with each URL replaced by one space, read in place: `PostBody` finds a leading
/// `RT @x:` and leading mentions in it without copying the whole text. Indexed from 0.
struct URLReplacedText: RandomAccessCollection {
    let source: UnsafeBufferPointer<Unicode.Scalar>
    let spans: UnsafeBufferPointer<TextScanner.URLSpan>
    let count: Int
    /// Where the first URL starts: before it the text is the source's.
    private let firstSpan: Int

    init(source: UnsafeBufferPointer<Unicode.Scalar>, spans: UnsafeBufferPointer<TextScanner.URLSpan>) {
        self.source = source
        self.spans = spans
        self.firstSpan = spans.first?.range.lowerBound ?? Int.max
        var count = source.count
        for span in spans { count -= span.range.count - 1 }
        self.count = count
    }

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    /// Walks the spans before `r`: only the first few characters of a post are read this way.
    subscript(r: Int) -> Unicode.Scalar {
        if r < firstSpan { return source[r] }
        let (index, nextSpan) = sourcePosition(of: r)
        if nextSpan < spans.count, index == spans[nextSpan].range.lowerBound { return " " }
        return source[index]
    }

    /// Where the replaced text's index `r` is in the source, and the first span not before it.
    /// On a URL's space the index is the URL's start.
    func sourcePosition(of r: Int) -> (index: Int, nextSpan: Int) {
        var offset = 0
        for k in 0..<spans.count {
            let space = spans[k].range.lowerBound - offset
            if r <= space { return (r + offset, k) }
            offset += spans[k].range.count - 1
        }
        return (r + offset, spans.count)
    }
}
