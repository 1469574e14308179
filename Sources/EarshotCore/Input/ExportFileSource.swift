/// Opening an `ExportFile`, whether it is a plain file or an entry of a zip archive: either way
/// a gzip stream is recognised by its first bytes (1F 8B) and decompressed.
extension InputOpener {
    /// A source over the file's (or zip entry's) content, decompressed if it is gzip.
    public static func open(_ file: ExportFile) throws -> ByteSource {
        guard let entry = file.zipEntry else { return try open(path: file.path) }
        return try decompressingIfGzip(ZipArchive.open(entry, archive: file.path, displayName: file.displayPath),
                                       name: file.displayPath)
    }

    /// Up to `maxBytes` of the file's (decompressed) start, for recognising its format. Damage
    /// after the start (a truncated gzip stream or zip entry) still gives the readable start;
    /// only an input unreadable from its first byte throws.
    /// A gzip file is inflated whole only when its content is a few times the head at most
    /// (as `head(path:maxBytes:)` does): the scan reads the head of every file, and reading a
    /// collection of tens of megabytes whole for its first 64 KiB made the scan the run's
    /// largest use of memory.
    public static func head(_ file: ExportFile, maxBytes: Int) throws -> [UInt8] {
        var size = 0
        return try head(file, maxBytes: maxBytes, size: &size)
    }

    /// The same, also giving the size of the file on disk (of a zip entry: its content size),
    /// found through the open file rather than by another lookup of its path.
    static func head(_ file: ExportFile, maxBytes: Int, size: inout Int) throws -> [UInt8] {
        if let entry = file.zipEntry {
            size = Int(clamping: entry.uncompressedSize)
            return try head(of: open(file), maxBytes: maxBytes)
        }
        return try head(of: open(path: file.path, wholeContentLimit: max(4 * maxBytes, 1 << 18), size: &size), maxBytes: maxBytes)
    }
}
