/// A file the pipeline will read: where it is, what format it is, and whose it is.
public struct ScannedFile: Sendable {
    public var file: ExportFile
    /// `nil` for a file that cannot be read at all (a gzip file corrupt from its first bytes):
    /// it is rejected whole, one record, so that the reject rate shows it.
    public var format: ExportFormat?
    /// Why the file cannot be read, when `format` is nil.
    public var unreadable: String? = nil
    public var bytes: Int
    /// The organization whose task reads it; `nil` for collections (twarc) and files whose owner
    /// only the records can tell: those are read first and their posts routed.
    public var owner: String?
}

/// A file that matched no format (summary.json `skipped`): a warning, not an error.
public struct SkippedFile: Sendable, Equatable {
    public var path: String
    public var reason: String
}
