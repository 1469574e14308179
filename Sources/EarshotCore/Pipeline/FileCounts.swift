/// What happened to one file's records (summary.json `files`): records = posts + duplicates + rejects.
public struct FileCounts: Sendable, Equatable {
    public var records = 0
    public var posts = 0
    public var duplicates = 0
    public var rejects = 0
    public var warnings = 0
    /// The organizations its posts went to.
    public var orgs: Set<String> = []
    /// Records of collections that hold no posts, by collection (Bluesky, formats.md T10): not
    /// counted in `records`.
    public var ignored: [String: Int] = [:]

    public init() {}

    mutating func add(_ other: FileCounts) {
        records += other.records
        posts += other.posts
        duplicates += other.duplicates
        rejects += other.rejects
        warnings += other.warnings
        for (collection, count) in other.ignored { ignored[collection, default: 0] += count }
        // Most files have one organization: the set is shared rather than copied (one set per
        // file of the run is kept to the end).
        if orgs.isEmpty {
            orgs = other.orgs
        } else if !other.orgs.isSubset(of: orgs) {
            orgs.formUnion(other.orgs)
        }
    }
}

/// A post record read from a file that belongs to another organization's task: a twarc
/// collection, or a single-account export with a stray record. It is handed to its own
/// organization, keeping its place in the reading order (file, then position in the file).
struct RoutedRecord: Sendable {
    var fileIndex: Int
    var sequence: Int
    var line: Int
    var post: Post
}
