/// Finds lexicon phrases in a body with the word-boundary rule of metrics.md section 2: a
/// boundary is needed only at an end of the phrase that is a letter or digit, so `#donate`
/// matches `donate` and `follow @` matches `follow @ropensci`.
///
/// A trie over scalars, walked once from each position where a phrase may start; each phrase
/// carries a bit set of the groups it belongs to (action, event, ..., the organization's names),
/// and a match returns the union of the groups found.
struct PhraseMatcher: Sendable {
    private struct Node: Sendable {
        var edges: [(scalar: UInt32, node: Int32)] = []
        /// Groups of the phrases that end here.
        var groups: UInt16 = 0
        /// Whether the last character of those phrases is a letter or digit.
        var endNeedsBoundary = false
    }

    private var nodes: [Node] = [Node()]
    /// Children of the root for ASCII first characters, -1 for none.
    private var asciiRoot = [Int32](repeating: -1, count: 128)

    /// Adds a phrase, already in the body's form (`PostBody.normalizePhrase`).
    mutating func add(_ phrase: [Unicode.Scalar], groups: UInt16) {
        guard !phrase.isEmpty else { return }
        var node = 0
        for s in phrase {
            if let next = child(of: node, s.value) {
                node = next
            } else {
                let next = Int32(nodes.count)
                nodes.append(Node())
                if node == 0, s.value < 128 { asciiRoot[Int(s.value)] = next }
                nodes[node].edges.append((s.value, next))
                node = Int(next)
            }
        }
        nodes[node].groups |= groups
        nodes[node].endNeedsBoundary = CharClass.isWord(phrase[phrase.count - 1])
    }

    @inline(__always)
    private func child(of node: Int, _ scalar: UInt32) -> Int? {
        if node == 0, scalar < 128 {
            let next = asciiRoot[Int(scalar)]
            return next < 0 ? nil : Int(next)
        }
        for edge in nodes[node].edges where edge.scalar == scalar { return Int(edge.node) }
        return nil
    }

    /// The union of the groups of every phrase found in the body. Over buffer pointers: this
    /// runs on every character of every post, and array bounds checks were much of its time.
    func groups(in body: PostBody) -> UInt16 {
        groups(scalars: body.scalars, isWord: body.isWord)
    }

    /// The same over a body's lowered scalars and their word flags.
    func groups(scalars: [Unicode.Scalar], isWord: [Bool]) -> UInt16 {
        scalars.withUnsafeBufferPointer { scalars in
            isWord.withUnsafeBufferPointer { isWord in
                nodes.withUnsafeBufferPointer { nodes in
                    asciiRoot.withUnsafeBufferPointer { asciiRoot in
                        Self.groups(scalars, isWord, nodes, asciiRoot)
                    }
                }
            }
        }
    }

    private static func groups(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ isWord: UnsafeBufferPointer<Bool>,
                               _ nodes: UnsafeBufferPointer<Node>, _ asciiRoot: UnsafeBufferPointer<Int32>) -> UInt16 {
        @inline(__always) func child(of node: Int, _ scalar: UInt32) -> Int? {
            if node == 0, scalar < 128 {
                let next = asciiRoot[Int(scalar)]
                return next < 0 ? nil : Int(next)
            }
            return nodes[node].edges.withUnsafeBufferPointer { edges in
                for edge in edges where edge.scalar == scalar { return Int(edge.node) }
                return nil
            }
        }
        let n = s.count
        var found: UInt16 = 0
        for i in 0..<n {
            // A phrase starting with a letter or digit needs a boundary before it; one that
            // starts with anything else cannot start on a word character.
            if i > 0, isWord[i], isWord[i - 1] { continue }
            guard var node = child(of: 0, s[i].value) else { continue }
            var j = i
            while true {
                let groups = nodes[node].groups
                if groups != 0, !nodes[node].endNeedsBoundary || j + 1 == n || !isWord[j + 1] {
                    found |= groups
                }
                j += 1
                guard j < n, let next = child(of: node, s[j].value) else { break }
                node = next
            }
        }
        return found
    }

    /// Where the phrases of `group` occur in the body: (start, end) scalar offsets, by start,
    /// then end. The same walk as `groups(in:)`, for the few posts that need places (the `new`
    /// + launch-noun window, the phrase a report shows as the reason of a promotional post).
    func spans(of group: UInt16, in body: PostBody) -> [(start: Int, end: Int)] {
        var result: [(start: Int, end: Int)] = []
        let s = body.scalars, isWord = body.isWord
        let n = s.count
        for i in 0..<n {
            if i > 0, isWord[i], isWord[i - 1] { continue }
            guard var node = child(of: 0, s[i].value) else { continue }
            var j = i
            while true {
                if nodes[node].groups & group != 0, !nodes[node].endNeedsBoundary || j + 1 == n || !isWord[j + 1] {
                    result.append((i, j + 1))
                }
                j += 1
                guard j < n, let next = child(of: node, s[j].value) else { break }
                node = next
            }
        }
        return result
    }
}
