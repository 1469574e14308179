import EarshotCore
/// What `earshot sample` is asked to write.
public struct SampleOptions: Sendable, Equatable {
    /// Organizations in the registry (one of them, from 5 on, never posts: a non-adopter).
    /// One more, unregistered organization appears in the collections from 3 on.
    public var orgs: Int
    /// Distinct posts per active organization (records are more: exports overlap).
    public var postsPerOrg: Int
    /// The same seed gives the same bytes, on every run and every platform.
    public var seed: UInt64
    /// The formats to write; all of `SampleGenerator.supportedFormats` by default. With a subset,
    /// posts that would have been in a left-out format go to the first chosen one that can hold
    /// them, so a subset still carries each organization's posts.
    public var formats: Set<ExportFormat>
    /// A handful of deliberately broken records (bad timestamps, a short row, a counter `n/a`)
    /// so that a report on the sample shows rejects and warnings. Never more than about 0.1% of
    /// the records; none in corpora under 1,000 posts.
    public var deliberateBadRecords: Bool
    /// Replace an existing `organizations.csv` and `exports/` under the output folder. Without it,
    /// writing into a folder that has them is an error (nothing else is ever deleted).
    public var replaceExisting: Bool

    public init(orgs: Int = 24, postsPerOrg: Int = 600, seed: UInt64 = 2012,
                formats: Set<ExportFormat> = SampleGenerator.supportedFormats,
                deliberateBadRecords: Bool = true, replaceExisting: Bool = false) {
        self.orgs = orgs
        self.postsPerOrg = postsPerOrg
        self.seed = seed
        self.formats = formats
        self.deliberateBadRecords = deliberateBadRecords
        self.replaceExisting = replaceExisting
    }
}

/// One record the generator broke on purpose, where the report should show it.
public struct SampleBadRecord: Sendable, Equatable, CustomStringConvertible {
    /// Path relative to the output folder (`exports/<handle>/...`); for an entry of a zip
    /// archive, the archive's path and the entry's name (`exports/<handle>/x.zip/data/tweets.js`),
    /// as reports name it.
    public var file: String
    /// Physical line where the record starts (1 is the header), in the uncompressed content.
    public var line: Int
    public var format: ExportFormat
    /// `bad timestamp`, `wrong column count` (rejects) or `bad counter` (a warning).
    public var reason: String

    public init(file: String, line: Int, format: ExportFormat, reason: String) {
        self.file = file
        self.line = line
        self.format = format
        self.reason = reason
    }

    public var description: String { "\(file):\(line): \(reason)" }
}

/// What `SampleGenerator.write(to:)` wrote.
public struct SampleStats: Sendable, Equatable {
    /// Files written on disk, the registry included (a zip archive is one file).
    public var files = 0
    /// Bytes on disk (after gzip where a file is compressed).
    public var bytesOnDisk: Int64 = 0
    /// Bytes before compression (for a zip archive, its entries' bytes).
    public var bytesUncompressed: Int64 = 0
    public var registryOrganizations = 0
    /// Registry organizations with at least one post written.
    public var activeOrganizations = 0
    /// Registry organizations that never post (they appear in the report with zero counts).
    public var nonAdopters: [String] = []
    /// Handles that post in the exports but are not in the registry.
    public var unregistered: [String] = []
    /// Distinct posts written (each post counted once, however many files carry it), the
    /// cross-posts included: a report on the corpus finds this many posts.
    public var posts = 0
    /// Posts that are copies of another post on another platform (the Facebook posts of a Meta
    /// Business Suite export): posts of their own, with their own ids, counted in `posts`.
    public var crossPosts = 0
    /// Records per format (a post in three files is three records).
    public var records: [ExportFormat: Int] = [:]
    /// Files per format; the entries of a zip archive (`tweets.js` parts, `outbox.json`) count
    /// as files, as reports list them.
    public var filesPerFormat: [ExportFormat: Int] = [:]
    /// Records broken so that a reader must reject them.
    public var deliberateRejects: [SampleBadRecord] = []
    /// Records with a broken counter: kept as posts, with a warning.
    public var deliberateWarnings: [SampleBadRecord] = []
    /// Each Bluesky repository written (by path): what the reader should find in it.
    public var bluesky: [String: SampleBlueskyTally] = [:]

    public init() {}

    public var totalRecords: Int { records.values.reduce(0, +) }

    /// A few lines for the terminal, in a fixed order.
    public var summary: String {
        var lines: [String] = []
        lines.append("organizations: \(registryOrganizations) in the registry (\(activeOrganizations) active"
            + (nonAdopters.isEmpty ? "" : ", non-adopters: \(nonAdopters.joined(separator: ", "))") + ")"
            + (unregistered.isEmpty ? "" : ", unregistered: \(unregistered.joined(separator: ", "))"))
        lines.append("posts: \(posts)" + (crossPosts > 0 ? " (\(crossPosts) of them cross-posted copies)" : "") + "; records: \(totalRecords); files: \(files); bytes: \(bytesOnDisk) on disk, \(bytesUncompressed) uncompressed")
        for format in ExportFormat.allCases where records[format] != nil {
            lines.append("  \(format.rawValue): \(records[format] ?? 0) records in \(filesPerFormat[format] ?? 0) files")
        }
        if !bluesky.isEmpty {
            let tallies = bluesky.values
            let deleted = tallies.reduce(0) { $0 + $1.deletedKeys.count }
            lines.append("  bluesky: \(tallies.count) repositories, \(tallies.reduce(0) { $0 + $1.posts }) posts, \(deleted) deleted posts in older commits")
        }
        lines.append("deliberate rejects: \(deliberateRejects.count); deliberate warnings: \(deliberateWarnings.count)")
        return lines.joined(separator: "\n")
    }
}

/// Why the sample could not be written.
public enum SampleError: Error, Equatable, CustomStringConvertible {
    case invalidOption(String)
    case unsupportedFormat(ExportFormat)
    case outputExists(path: String)
    case cannotCreateFolder(path: String, reason: String)
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case let .invalidOption(message): return "sample: \(message)"
        case let .unsupportedFormat(format):
            return "sample: the generator does not write \(format.rawValue) yet (it writes "
                + SampleGenerator.supportedFormats.sorted().map(\.rawValue).joined(separator: ", ") + ")"
        case let .outputExists(path):
            return "\(path): already exists; choose an empty folder or replace it explicitly"
        case let .cannotCreateFolder(path, reason): return "\(path): cannot create folder: \(reason)"
        case let .cannotWrite(path, reason): return "\(path): cannot write: \(reason)"
        }
    }
}
