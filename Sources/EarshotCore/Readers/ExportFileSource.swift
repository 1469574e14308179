/// Opening an `ExportFile`, whether it is a plain file or an entry of a zip archive: either way
/// a gzip stream is recognised by its first bytes (1F 8B) and decompressed.
extension InputOpener {
    /// A source over the file's (or zip entry's) content, decompressed if it is gzip.
    public static func open(_ file: ExportFile) throws -> ByteSource {
        guard let entry = file.zipEntry else { return try open(path: file.path) }
        return try decompressingIfGzip(ZipArchive.open(entry, archive: file.path, displayName: file.displayPath),
                                       name: file.displayPath)
    }

    /// Up to `maxBytes` of the file's (decompressed) start. Damage after the start (a truncated
    /// gzip stream or zip entry) still gives the readable start; only an input unreadable from
    /// its first byte throws. The scan reads its heads in steps (`ContentHead`); this is the
    /// whole head at once, for `inspect` and tests.
    public static func head(_ file: ExportFile, maxBytes: Int) throws -> [UInt8] {
        guard file.zipEntry == nil else { return try head(of: open(file), maxBytes: maxBytes) }
        return try head(path: file.path, maxBytes: maxBytes)
    }
}

/// The start of a file's content for the scan, read in steps: most files settle their format
/// and owner within a few KiB, and inflating every gzip file of up to 256 KiB whole for its head
/// was half of the scan's work (each file is inflated again when it is read).
///
/// `bytes` is always a prefix of what `InputOpener.head(_:maxBytes:)` gives for a larger
/// `maxBytes`: damage after the first byte ends the content read (`isWhole` then), only a file
/// unreadable from its first byte throws.
final class ContentHead {
    /// Gzip files of at most this much content are inflated whole by libdeflate when first
    /// opened: for them that costs less than streaming a few KiB through zlib.
    static let wholeContentLimit = 16 * 1024
    /// Compressed bytes a streamed gzip file reads at a time.
    static let streamInput = 16 * 1024

    private var source: ByteSource?
    /// The content read so far.
    private(set) var bytes: [UInt8] = []
    /// The whole content is in `bytes` (or all of it that could be read).
    private(set) var isWhole = false
    /// The file's size on disk (of a zip entry: its content size).
    let size: Int

    /// Opens the file and reads up to `first` bytes of its content.
    init(_ file: ExportFile, first: Int) throws {
        if let entry = file.zipEntry {
            size = Int(clamping: entry.uncompressedSize)
            source = try InputOpener.open(file)
        } else {
            var size = 0
            source = try InputOpener.open(path: file.path, wholeContentLimit: Self.wholeContentLimit, size: &size,
                                          streamInput: Self.streamInput)
            self.size = size
        }
        try read(upTo: first)
    }

    /// Reads on until `bytes` holds `count` bytes or the whole content.
    func read(upTo count: Int) throws {
        guard !isWhole, let source, bytes.count < count else { return }
        let wanted = count - bytes.count
        do {
            let more = try InputOpener.head(of: source, maxBytes: wanted)
            // Fewer bytes than asked for: the content ended, or a read failed after some bytes.
            if more.count < wanted { isWhole = true }
            bytes += more
        } catch {
            // A read that failed before giving any byte: the file's error if nothing was read yet,
            // else the end of what can be read.
            if bytes.isEmpty { throw error }
            isWhole = true
        }
        if isWhole { self.source = nil }
    }
}
