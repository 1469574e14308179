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

    public init(path: String, displayPath: String? = nil, orgFromName: String? = nil, orgFromPath: String? = nil) {
        self.path = path
        self.displayPath = displayPath ?? path
        self.orgFromName = orgFromName
        self.orgFromPath = orgFromPath
    }

    /// The organization when the content names none (rules 2 and 3).
    public var fallbackOrg: String? { orgFromName ?? orgFromPath }
}

/// What a reader reports for each record: a post, or a finding (reject or warning).
public enum ReaderEvent: Sendable {
    /// `line` is the physical line (or record number) where the record starts.
    case post(Post, line: Int)
    case finding(Finding)
}

/// One reader per format (formats.md). A reader streams the source once, emitting one event per
/// record: every record becomes a post or a reject, so that records = posts + duplicates + rejects.
/// It throws only for damage that stops reading the file (truncated gzip, malformed XML); the
/// events emitted before that are kept.
public protocol ExportReader: Sendable {
    var format: ExportFormat { get }
    func read(_ source: ByteSource, file: ExportFile, emit: (ReaderEvent) -> Void) throws
}
