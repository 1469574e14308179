import Foundation
import Logging

/// Everything `earshot codebook` needs to know.
public struct CodebookOptions: Sendable {
    public var inputs: CodingInputs
    /// Posts to draw (all of them when the inputs have fewer).
    public var size: Int
    public var seed: UInt64
    /// Restrict the sample to these organizations (handles, any case, with or without `@`);
    /// empty for all.
    public var orgs: [String]
    /// The folder that receives sheet.csv, coding-guide.md and strata.csv.
    public var outputPath: String
    /// Overwrite an existing sheet.csv (perhaps filled by a coder: refused without it).
    public var replace: Bool

    public init(inputs: CodingInputs, size: Int, seed: UInt64, orgs: [String] = [], outputPath: String, replace: Bool = false) {
        self.inputs = inputs
        self.size = size
        self.seed = seed
        self.orgs = orgs
        self.outputPath = outputPath
        self.replace = replace
    }
}

/// A stratum of the population: one organization's posts of one kind in one calendar year (UTC).
public struct CodebookStratum: Sendable, Equatable {
    public var org: String
    public var kind: PostKind
    public var year: Int
    public var posts: Int
    public var sampled: Int
}

/// What the codebook drew.
public struct CodebookSummary: Sendable {
    public var population: Int
    public var sampled: Int
    public var strata: [CodebookStratum]
    public var files: [String]
}

/// The `codebook` job: a reproducible stratified sample of the run's posts, written as a coding
/// sheet, a coding guide and the strata with their sizes.
///
/// The sample (the coding guide states the same rule):
/// - Strata: (organization, kind, UTC year of `created`), in the order of handle, kind
///   (original, reply, thread, repost, quote), year.
/// - Allocation of N among the strata of sizes N_h (total P): all posts when N >= P. Otherwise,
///   when N is at least the number H of strata, each stratum gets one post and the other N - H
///   are shared in proportion to N_h - 1; when N < H, all N are shared in proportion to N_h.
///   Proportional shares are floors of R c_h / C (in integers), and the posts left over go one
///   each to the strata with the largest remainders (R c_h mod C), ties to the larger stratum,
///   then to the earlier stratum. No stratum gets more than it has.
/// - Within a stratum the posts with the smallest keys are drawn: key = SplitMix64 mix of
///   (FNV-1a 64 of `org`, U+001F, `id`) xor the mixed seed, ties by id. That is a simple random
///   sample without replacement, and it depends only on the seed and the stratum's own posts
///   (not on file order, threads, or `--org`).
/// - The sheet lists the drawn posts in the order of a second key (the first one mixed again),
///   so that organizations and kinds are interleaved for the coder.
public struct CodebookJob: Sendable {
    public var options: CodebookOptions

    public init(options: CodebookOptions) { self.options = options }

    /// A drawn-or-drawable post, as the sheet shows it.
    struct Candidate: Sendable {
        var org: String
        var id: String
        var created: Int64
        var kind: PostKind
        var text: String
        var link: String
        var key: UInt64
    }

    /// A stratum with its size and its `limit` posts of smallest key (no stratum gets more than
    /// N, so that is all the draw can need).
    struct Drawable: Sendable {
        var org: String
        var kind: PostKind
        var year: Int
        var posts: Int
        var candidates: [Candidate]
    }

    public func run(logger: Logger) throws -> CodebookSummary {
        let folder = options.outputPath
        let sheetPath = folder + "/sheet.csv"
        if !options.replace, FileManager.default.fileExists(atPath: sheetPath) {
            throw CodingError.exists("\(sheetPath) exists (a coder may have filled it): pass --replace to draw a new sample over it, or choose another --out")
        }
        let restrict = Set(options.orgs.map { Handle.normalize($0) })
        let seed = options.seed, limit = options.size
        var includes: (@Sendable (String) -> Bool)? = nil
        if !restrict.isEmpty { includes = { @Sendable handle in restrict.contains(handle) } }
        let (outcome, _) = try options.inputs.read(includes: includes, logger: logger) {
            (handle: String, posts: [(post: Post, features: PostFeatures)]) -> [Drawable] in
            Self.strata(handle, posts, seed: seed, limit: limit)
        }
        let found = Set(outcome.organizations.map(\.handle))
        let absent = restrict.filter { !found.contains($0) }.sorted(by: Handle.precedes)
        if !absent.isEmpty {
            throw CodingError.noPosts("no posts of " + absent.map { "@" + $0 }.joined(separator: ", ") + " in \(options.inputs.inputs.joined(separator: ", "))")
        }
        let strata = outcome.organizations.flatMap(\.result)
        guard !strata.isEmpty else { throw CodingError.noPosts("no posts in \(options.inputs.inputs.joined(separator: ", "))") }
        let quotas = Self.allocate(sizes: strata.map(\.posts), total: options.size)
        var drawn: [Candidate] = []
        for (stratum, quota) in zip(strata, quotas) { drawn.append(contentsOf: stratum.candidates.prefix(quota)) }
        drawn.sort { a, b in
            let (x, y) = (SplitMix64.mix(a.key), SplitMix64.mix(b.key))
            return x != y ? x < y : (a.org, a.id) < (b.org, b.id)
        }
        let summary = CodebookSummary(
            population: strata.reduce(0) { $0 + $1.posts }, sampled: drawn.count,
            strata: zip(strata, quotas).map { CodebookStratum(org: $0.org, kind: $0.kind, year: $0.year, posts: $0.posts, sampled: $1) },
            files: [sheetPath, folder + "/coding-guide.md", folder + "/strata.csv"])
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try Data(Self.sheet(drawn).utf8).write(to: URL(fileURLWithPath: sheetPath), options: .atomic)
            try Data(CodingGuide.markdown(options: options, summary: summary).utf8).write(to: URL(fileURLWithPath: summary.files[1]), options: .atomic)
            try Data(Self.strataCSV(summary.strata).utf8).write(to: URL(fileURLWithPath: summary.files[2]), options: .atomic)
        } catch {
            throw CodingError.output("\(folder): cannot be written: \(error.localizedDescription)")
        }
        return summary
    }

    /// The draw key of a post (see the type's comment).
    static func key(org: String, id: String, seed: UInt64) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in org.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        hash = (hash ^ 0x1F) &* 0x0000_0100_0000_01B3
        for byte in id.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return SplitMix64.mix(hash ^ SplitMix64.mix(seed))
    }

    /// One organization's strata, each with its `limit` candidates of smallest key.
    static func strata(_ handle: String, _ posts: [(post: Post, features: PostFeatures)], seed: UInt64, limit: Int) -> [Drawable] {
        struct Place: Hashable { var kind: Int; var year: Int }
        var groups: [Place: [Candidate]] = [:]
        for (post, features) in posts {
            let year = CalendarDay(instant: post.created).month.year
            let place = Place(kind: PostKind.allCases.firstIndex(of: features.kind)!, year: year)
            groups[place, default: []].append(Candidate(org: handle, id: post.id, created: post.created, kind: features.kind,
                                                        text: post.text, link: link(handle: handle, post: post),
                                                        key: key(org: handle, id: post.id, seed: seed)))
        }
        return groups.keys.sorted { ($0.kind, $0.year) < ($1.kind, $1.year) }.map { place in
            let all = groups[place]!
            let smallest = all.sorted { $0.key != $1.key ? $0.key < $1.key : $0.id < $1.id }.prefix(limit)
            return Drawable(org: handle, kind: PostKind.allCases[place.kind], year: place.year, posts: all.count, candidates: Array(smallest))
        }
    }

    /// `https://x.com/<handle>/status/<id>` for a post read from a Twitter/X export; empty for
    /// others (a Mastodon post's address needs its server, which the post does not keep; feeds
    /// and mapped CSVs may come from any platform).
    static func link(handle: String, post: Post) -> String {
        let twitter: [ExportFormat] = [.legacyArchive, .analytics, .xAnalytics, .twarc2, .twarc1, .apiXML, .tweetsJS]
        guard twitter.contains(where: { post.sources.contains($0) }), post.id.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return "" }
        return "https://x.com/\(handle)/status/\(post.id)"
    }

    /// Shares `total` among strata of `sizes` (the rule in the type's comment).
    public static func allocate(sizes: [Int], total: Int) -> [Int] {
        let population = sizes.reduce(0, +)
        guard total < population else { return sizes }
        let nonEmpty = sizes.filter { $0 > 0 }.count
        let floor = total >= nonEmpty ? 1 : 0
        var quotas = sizes.map { $0 > 0 ? floor : 0 }
        let capacities = sizes.map { $0 > 0 ? $0 - floor : 0 }
        let rest = total - quotas.reduce(0, +)
        let capacity = capacities.reduce(0, +)
        guard rest > 0, capacity > 0 else { return quotas }
        var remainders: [(index: Int, remainder: Int)] = []
        var given = 0
        for (h, c) in capacities.enumerated() {
            let share = rest * c
            quotas[h] += share / capacity
            given += share / capacity
            remainders.append((h, share % capacity))
        }
        remainders.sort { a, b in
            if a.remainder != b.remainder { return a.remainder > b.remainder }
            if sizes[a.index] != sizes[b.index] { return sizes[a.index] > sizes[b.index] }
            return a.index < b.index
        }
        for r in remainders.prefix(rest - given) { quotas[r.index] += 1 }
        return quotas
    }

    static func sheet(_ posts: [Candidate]) -> String {
        var out = CSVText.row(CodingSheet.columns)
        for p in posts {
            out += CSVText.row([p.id, p.org, RunFiles.iso8601(Date(timeIntervalSince1970: Double(p.created))), p.kind.rawValue,
                                p.link, CodingSheet.safeText(p.text), "", "", "", ""])
        }
        return out
    }

    static func strataCSV(_ strata: [CodebookStratum]) -> String {
        var out = CSVText.row(["org", "kind", "year", "posts", "sampled", "sampling_fraction"])
        for s in strata {
            out += CSVText.row([s.org, s.kind.rawValue, String(s.year), String(s.posts), String(s.sampled),
                                MetricNumber.decimal4(Double(s.sampled) / Double(s.posts))])
        }
        return out
    }
}
