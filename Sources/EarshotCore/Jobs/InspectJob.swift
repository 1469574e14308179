/// What `earshot inspect` finds in one file: how a person checks an export before a run.
public struct FileInspection: Sendable {
    public var path: String
    /// `nil` when the file is skipped; `skipReason` says why.
    public var format: ExportFormat?
    public var skipReason: String?
    /// Posts per organization (a twarc collection holds many).
    public var organizations: [String: Int] = [:]
    public var counts = FileCounts()
    public var kinds: [PostKind: Int] = [:]
    /// For each counter, how many posts know it.
    public var countersKnown: [(name: String, posts: Int)] = []
    /// Reject and warning reasons with how often they occur.
    public var reasons: [(severity: Finding.Severity, reason: String, count: Int, firstLine: Int)] = []
    /// Posts per platform (formats.md "Platforms").
    public var platforms: [Platform: Int] = [:]
    /// The first posts, normalized, with their kinds.
    public var firstPosts: [(post: Post, features: PostFeatures)] = []
}

public enum Inspection {
    /// Reads `file` completely and summarises it. Posts with the same id within the file are
    /// merged as in a run, so duplicates show here too.
    /// - Parameter readers: the readers to use (with the header maps given with `--map`).
    public static func inspect(_ file: ExportFile, registry: Registry?, lexicon: Lexicon = .builtin,
                               sampleSize: Int = 3, readers: ReaderCatalog = ReaderCatalog()) -> FileInspection {
        var result = FileInspection(path: file.displayPath)
        var catalog = readers
        if catalog.accounts.isEmpty, let registry { catalog.accounts = registry.accounts }
        let scanned: ScannedFile
        switch catalog.scan(file) {
        case let .failure(error):
            result.skipReason = error.skipped.reason
            return result
        case let .success(s):
            scanned = s
        }
        result.format = scanned.format
        if scanned.format == nil { result.skipReason = scanned.unreadable }
        var posts: [String: Post] = [:]
        var order: [String] = []
        var reasonCounts: [String: (Finding.Severity, Int, Int)] = [:]
        var reasonOrder: [String] = []
        func note(_ severity: Finding.Severity, _ reason: String, _ line: Int) {
            let key = severity.rawValue + "\u{0}" + reason
            if let (s, n, first) = reasonCounts[key] {
                reasonCounts[key] = (s, n + 1, first)
            } else {
                reasonCounts[key] = (severity, 1, line)
                reasonOrder.append(key)
            }
        }
        let failure = catalog.read(scanned) { event in
            switch event {
            case let .post(post, _):
                result.counts.records += 1
                let key = post.org + "\u{0}" + post.platform.rawValue + "\u{0}" + post.id
                if posts[key] != nil {
                    posts[key]!.merge(post)
                    result.counts.duplicates += 1
                } else {
                    posts[key] = post
                    order.append(key)
                    result.counts.posts += 1
                }
            case let .finding(finding):
                if finding.severity == .reject {
                    result.counts.records += 1
                    result.counts.rejects += 1
                } else {
                    result.counts.warnings += 1
                }
                note(finding.severity, finding.reason, finding.line)
            case let .ignored(collection, count):
                result.counts.ignored[collection, default: 0] += count
            }
        }
        if let failure {
            result.counts.records += 1
            result.counts.rejects += 1
            note(.reject, failure.reason, failure.line)
        }
        var known: [String: Int] = [:]
        let counterNames = ["likes", "reposts", "replies", "quotes", "impressions", "engagements", "followers"]
        var analyzers: [String: PostAnalyzer] = [:]
        for key in order {
            let post = posts[key]!
            result.organizations[post.org, default: 0] += 1
            result.platforms[post.platform, default: 0] += 1
            let analyzer = analyzers[post.org] ?? PostAnalyzer(org: post.org, organization: registry?.organization(post.org), lexicon: lexicon)
            analyzers[post.org] = analyzer
            let features = analyzer.analyze(post)
            result.kinds[features.kind, default: 0] += 1
            let values = [post.likes, post.reposts, post.replies, post.quotes, post.impressions, post.engagements, post.authorFollowers]
            for (name, value) in zip(counterNames, values) where value != nil { known[name, default: 0] += 1 }
            if result.firstPosts.count < sampleSize { result.firstPosts.append((post, features)) }
        }
        result.countersKnown = counterNames.map { ($0, known[$0] ?? 0) }
        result.reasons = reasonOrder.map { key in
            let (severity, count, first) = reasonCounts[key]!
            return (severity, String(key.split(separator: "\u{0}", maxSplits: 1).last ?? ""), count, first)
        }
        return result
    }
}
