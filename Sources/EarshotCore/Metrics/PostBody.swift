/// The text that the lexicons look at (metrics.md section 2): the decoded text, lower-cased,
/// each URL replaced by one space, a leading `RT @x:` removed, for replies and threads the run of
/// leading mentions removed, and curly quotes folded to straight ones.
struct PostBody {
    /// Lower-cased, folded scalars.
    let scalars: [Unicode.Scalar]
    /// `CharClass.isWord` of each scalar, computed once for every matcher.
    let isWord: [Bool]

    init(text: String, stripLeadingMentions: Bool) {
        let source = Scalars.of(text)
        self.init(source: source, spans: TextScanner.urlSpans(source), stripLeadingMentions: stripLeadingMentions)
    }

    /// - Parameters:
    ///   - source: the text's scalars, as written.
    ///   - spans: the URLs in `source`.
    init(source: [Unicode.Scalar], spans: [TextScanner.URLSpan], stripLeadingMentions: Bool) {
        var storage = Storage()
        self.init(source: source, spans: spans, stripLeadingMentions: stripLeadingMentions, storage: &storage)
    }

    /// Arrays a body is built in, kept from one post to the next (`PostWorkspace`): allocating
    /// and freeing them was a good part of the cost of a post.
    struct Storage {
        var scalars: [Unicode.Scalar] = []
        var isWord: [Bool] = []
    }

    /// The same, built in `storage`'s arrays; `recycle(into:)` gives them back.
    ///
    /// The URL-replaced text is never copied: the leading `RT @x:` and mentions are found in a
    /// view of it (`URLReplacedText`), and the body is lowered straight from the source's
    /// pieces between the URLs, each URL giving its one space.
    init(source: [Unicode.Scalar], spans: [TextScanner.URLSpan], stripLeadingMentions: Bool, storage: inout Storage) {
        var scalars: [Unicode.Scalar] = []
        var isWord: [Bool] = []
        swap(&scalars, &storage.scalars)
        swap(&isWord, &storage.isWord)
        source.withUnsafeBufferPointer { source in
            spans.withUnsafeBufferPointer { spans in
                let replaced = URLReplacedText(source: source, spans: spans)
                var start = TextScanner.leadingRepostRange(replaced)?.end ?? 0
                if stripLeadingMentions { start = TextScanner.endOfLeadingMentions(replaced, from: start) }
                let (from, firstSpan) = replaced.sourcePosition(of: start)
                let pieces = Pieces(source: source, spans: spans, from: from, firstSpan: firstSpan)
                let count = replaced.count - start
                // Lowered as ASCII first: most bodies are, and the pass says whether it was.
                scalars.resize(to: count, filler: Unicode.Scalar(0))
                isWord.resize(to: count, filler: false)
                guard count > 0 else { return }
                if !Self.lowerASCII(pieces, into: &scalars, &isWord) {
                    scalars.removeAll(keepingCapacity: true)
                    isWord.removeAll(keepingCapacity: true)
                    Self.lowerUnicode(pieces, count: count, into: &scalars, &isWord)
                }
            }
        }
        self.scalars = scalars
        self.isWord = isWord
    }

    /// The body's part of the source: the pieces between URLs from `from` on, each but the
    /// last followed by the one space that stands for its URL.
    private struct Pieces {
        let source: UnsafeBufferPointer<Unicode.Scalar>
        let spans: UnsafeBufferPointer<TextScanner.URLSpan>
        let from: Int
        let firstSpan: Int

        /// Calls `body` with each piece and whether a URL's space follows it.
        @inline(__always)
        func forEach(_ body: (UnsafeBufferPointer<Unicode.Scalar>, _ urlFollows: Bool) -> Void) {
            var i = from
            for k in firstSpan..<spans.count {
                body(UnsafeBufferPointer(rebasing: source[i..<spans[k].range.lowerBound]), true)
                i = spans[k].range.upperBound
            }
            body(UnsafeBufferPointer(rebasing: source[i...]), false)
        }
    }

    /// Lower-cases and classifies the pieces as ASCII into the arrays (already of the body's
    /// length), without an append (and its uniqueness check) per scalar. Returns whether they
    /// were all ASCII; if not, the arrays hold garbage.
    private static func lowerASCII(_ pieces: Pieces, into scalars: inout [Unicode.Scalar], _ isWord: inout [Bool]) -> Bool {
        var bits: UInt32 = 0
        scalars.withUnsafeMutableBufferPointer { lowered in
            isWord.withUnsafeMutableBufferPointer { word in
                guard let to = UnsafeMutableRawPointer(lowered.baseAddress)?.assumingMemoryBound(to: UInt32.self),
                      let word = word.baseAddress else { return }
                var k = 0
                var i = pieces.from
                for span in pieces.firstSpan..<pieces.spans.count {
                    let end = pieces.spans[span].range.lowerBound
                    bits |= lowerASCIIRun(pieces.source, i..<end, to + k, word + k)
                    k += end - i
                    to[k] = 0x20  // the URL's space
                    word[k] = false
                    k += 1
                    i = pieces.spans[span].range.upperBound
                }
                bits |= lowerASCIIRun(pieces.source, i..<pieces.source.count, to + k, word + k)
            }
        }
        return bits < 0x80
    }

    /// One piece: a loop over plain pointers and locals only, which the compiler vectorizes.
    /// Returns the OR of the values (>= 0x80 when one is not ASCII: no branch per scalar).
    @inline(__always)
    private static func lowerASCIIRun(_ source: UnsafeBufferPointer<Unicode.Scalar>, _ range: Range<Int>,
                                      _ to: UnsafeMutablePointer<UInt32>, _ word: UnsafeMutablePointer<Bool>) -> UInt32 {
        guard let base = source.baseAddress, !range.isEmpty else { return 0 }
        let from = UnsafeRawPointer(base + range.lowerBound).assumingMemoryBound(to: UInt32.self)
        var bits: UInt32 = 0
        for i in 0..<range.count {
            let v = from[i]
            bits |= v
            let l = v &- 0x41 < 26 ? v &+ 0x20 : v
            to[i] = l
            word[i] = l &- 0x30 < 10 || l &- 0x61 < 26 || l == 0x5F
        }
        return bits
    }

    /// A body with other scalars: runs of ASCII copied and lowered in bulk, the rest one at a
    /// time through `appendLowercasedFolded` (which may give more than one scalar).
    private static func lowerUnicode(_ pieces: Pieces, count: Int, into scalars: inout [Unicode.Scalar], _ isWord: inout [Bool]) {
        scalars.reserveCapacity(count)
        pieces.forEach { piece, urlFollows in
            var i = 0
            let n = piece.count
            while i < n {
                var j = i
                while j < n, piece[j].value < 0x80 { j += 1 }
                if j > i {
                    let first = scalars.count
                    scalars.append(contentsOf: UnsafeBufferPointer(rebasing: piece[i..<j]))
                    scalars.withUnsafeMutableBufferPointer { out in
                        let to = UnsafeMutableRawPointer(out.baseAddress!).assumingMemoryBound(to: UInt32.self)
                        for k in first..<out.count where to[k] &- 0x41 < 26 { to[k] &+= 0x20 }
                    }
                }
                if j < n { appendLowercasedFolded(piece[j], to: &scalars) }
                i = j + 1
            }
            if urlFollows { scalars.append(" ") }
        }
        isWord.append(contentsOf: repeatElement(false, count: scalars.count))
        scalars.withUnsafeBufferPointer { lowered in
            isWord.withUnsafeMutableBufferPointer { word in
                for k in 0..<lowered.count { word[k] = CharClass.isWord(lowered[k]) }
            }
        }
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
        // Latin-1 letters, the most common others: À-Þ but × lower-case by adding 0x20, the
        // rest of the block does not change (as the Unicode properties say; a test checks).
        if v < 0x100 {
            out.append(v >= 0xC0 && v <= 0xDE && v != 0xD7 ? Unicode.Scalar(UInt8(truncatingIfNeeded: v + 0x20)) : s)
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

    var containsQuestionMark: Bool {
        scalars.withUnsafeBufferPointer { s in Scalars.firstIndex(in: s, from: 0, to: s.count, of: 0x3F, or: 0x3F) < s.count }
    }

    /// Whether the body mentions `@handle` (handle lower-case, not empty), or has a hashtag
    /// that is one of `tags` (`#` + word characters, not after one). One scan for both: the
    /// runs each skips (a handle, a tag's name) never hold the other's `@` or `#`.
    func mentionsOrHashtag(handle: [Unicode.Scalar], tags: HashtagSet) -> Bool {
        let lookForMention = !handle.isEmpty, lookForHashtag = !tags.strings.isEmpty
        guard lookForMention || lookForHashtag else { return false }
        return scalars.withUnsafeBufferPointer { s in
            isWord.withUnsafeBufferPointer { isWord in
                handle.withUnsafeBufferPointer { handle in
                    let n = s.count
                    var i = 0
                    while true {
                        i = Scalars.firstIndex(in: s, from: i, to: n, of: 0x40, or: 0x23)
                        guard i < n else { break }
                        let v = s[i].value
                        // `isWord[i - 1]` is `CharClass.isWord(s[i - 1])`, computed once.
                        guard i == 0 || !isWord[i - 1] else { i += 1; continue }
                        var j = i + 1
                        if v == 0x40 {
                            guard lookForMention else { i += 1; continue }
                            while j < n, CharClass.isHandle(s[j]) { j += 1 }
                            if j - i - 1 == handle.count, s[(i + 1)..<j].elementsEqual(handle) { return true }
                            i = j
                        } else {
                            guard lookForHashtag else { i += 1; continue }
                            while j < n, isWord[j] { j += 1 }
                            if j > i + 1, tags.contains(UnsafeBufferPointer(rebasing: s[(i + 1)..<j])) { return true }
                            i = j
                        }
                    }
                    return false
                }
            }
        }
    }
}

/// The organization's hashtags (lower-case, without `#`), for `PostBody.hasHashtag(in:)`.
struct HashtagSet: Sendable {
    let strings: Set<String>
    /// The same as scalar arrays when every one is ASCII, else nil.
    private let ascii: [[Unicode.Scalar]]?

    init(_ strings: Set<String>) {
        self.strings = strings
        let arrays = strings.sorted().map { Array($0.unicodeScalars) }
        self.ascii = arrays.allSatisfy { $0.allSatisfy { $0.value < 0x80 } } ? arrays : nil
    }

    /// Whether the tag `name` is one of them. Two ASCII strings are equal exactly when their
    /// scalars are, so those are compared without making a `String`.
    func contains(_ name: UnsafeBufferPointer<Unicode.Scalar>) -> Bool {
        if let ascii, name.allSatisfy({ $0.value < 0x80 }) {
            return ascii.contains { $0.count == name.count && $0.elementsEqual(name) }
        }
        return strings.contains(Scalars.string(name))
    }
}
