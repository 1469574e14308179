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
        var replaced: [Unicode.Scalar] = []
        var scalars: [Unicode.Scalar] = []
        var isWord: [Bool] = []
    }

    /// The same, built in `storage`'s arrays; `recycle(into:)` gives them back.
    init(source: [Unicode.Scalar], spans: [TextScanner.URLSpan], stripLeadingMentions: Bool, storage: inout Storage) {
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
        var start = TextScanner.leadingRepost(replaced)?.end ?? 0
        if stripLeadingMentions { start = TextScanner.endOfLeadingMentions(replaced, from: start) }

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
            for s in replaced[start...] { PostBody.appendLowercasedFolded(s, to: &scalars) }
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
        TextScanner.forEachHashtag(in: scalars) { range in
            guard !found else { return }
            if tags.contains(Scalars.string(scalars[range])) { found = true }
        }
        return found
    }
}
