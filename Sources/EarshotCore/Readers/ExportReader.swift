/// One input file (or zip entry) as the pipeline hands it to a reader.
public struct ExportFile: Sendable, Equatable {
    /// Where to open it.
    public var path: String
    /// The path relative to the input it was found under: what messages, `rejects.csv` and
    /// `summary.json` show, and the order in which files are read.
    public var displayPath: String
    /// The handle from the file name (`tweet_activity_metrics_<handle>_...`), rule 2 of formats.md.
    public var orgFromName: String?
    /// The nearest enclosing folder that is a registry handle, rule 3 of formats.md.
    public var orgFromPath: String?
    /// The entry of the zip archive at `path` that holds this file's bytes; `nil` for a plain file.
    public var zipEntry: ZipEntry?
    /// What the archive this file came with says about it (account.js, manifest.js, actor.json,
    /// note-tweet.js), for the Twitter and Mastodon archives (formats.md T7, T8).
    public var archive: ArchiveFacts?
    /// Why this input is listed as skipped without being read (an unsafe zip entry name, an
    /// unreadable archive); `nil` for anything to read.
    public var skipReason: String?

    public init(path: String, displayPath: String? = nil, orgFromName: String? = nil, orgFromPath: String? = nil,
                zipEntry: ZipEntry? = nil, archive: ArchiveFacts? = nil, skipReason: String? = nil) {
        self.path = path
        self.displayPath = displayPath ?? path
        self.orgFromName = orgFromName
        self.orgFromPath = orgFromPath
        self.zipEntry = zipEntry
        self.archive = archive
        self.skipReason = skipReason
    }

    /// The organization when the records name none: the archive's own account (rule 1, from
    /// account.js, manifest.js or actor.json), else rules 2 and 3.
    public var fallbackOrg: String? { archive?.account ?? orgFromName ?? orgFromPath }
}

/// What a reader reports for each record: a post, or a finding (reject or warning).
public enum ReaderEvent: Sendable {
    /// `line` is the physical line (or record number) where the record starts.
    case post(Post, line: Int)
    case finding(Finding)
    /// Records of a collection that holds no posts (a Bluesky repository's likes, follows...):
    /// not records, listed in summary.json under the file's `ignored`. Emitted once per collection.
    case ignored(collection: String, count: Int)
}

/// One reader per format (formats.md). A reader streams the source once, emitting one event per
/// record: every record becomes a post or a reject, so that records = posts + duplicates + rejects.
/// It throws only for damage that stops reading the file (truncated gzip, malformed XML); the
/// events emitted before that are kept.
public protocol ExportReader: Sendable {
    var format: ExportFormat { get }
    func read(_ source: ByteSource, file: ExportFile, emit: (consuming ReaderEvent) -> Void) throws
    /// The organization of every post the reader gives for `file`, when the file alone decides it
    /// (not its records), and the file's own fallback organization is that too: then the scan
    /// finds the file's owner without reading any record. nil when the records decide.
    func organization(of file: ExportFile) -> String?
}

extension ExportReader {
    public func organization(of file: ExportFile) -> String? { nil }
}
