/// Opening an `ExportFile`, whether it is a plain file or an entry of a zip archive: either way
/// a gzip stream is recognised by its first bytes (1F 8B) and decompressed.
extension InputOpener {
    /// A source over the file's (or zip entry's) content, decompressed if it is gzip.
    public static func open(_ file: ExportFile) throws -> ByteSource {
        guard let entry = file.zipEntry else { return try open(path: file.path) }
        let raw = try ZipArchive.open(entry, archive: file.path, displayName: file.displayPath)
        var magic: [UInt8] = []
        var byte: UInt8 = 0
        while magic.count < 2 {
            let n = try withUnsafeMutableBytes(of: &byte) { try raw.read(into: $0) }
            if n == 0 { break }
            magic.append(byte)
        }
        let replayed = ReplaySource(prefix: magic, rest: raw)
        if magic == [0x1F, 0x8B] { return GzipSource(replayed, name: file.displayPath) }
        return replayed
    }

    /// Up to `maxBytes` of the file's (decompressed) start, for recognising its format. Damage
    /// after the start (a truncated gzip stream or zip entry) still gives the readable start;
    /// only an input unreadable from its first byte throws.
    public static func head(_ file: ExportFile, maxBytes: Int) throws -> [UInt8] {
        guard file.zipEntry != nil else { return try head(path: file.path, maxBytes: maxBytes) }
        let source = try open(file)
        var bytes = [UInt8](repeating: 0, count: max(0, maxBytes))
        var filled = 0
        do {
            while filled < bytes.count {
                let n = try bytes.withUnsafeMutableBytes { all in
                    try source.read(into: UnsafeMutableRawBufferPointer(rebasing: all[filled...]))
                }
                if n == 0 { break }
                filled += n
            }
        } catch {
            if filled == 0 { throw error }
        }
        return Array(bytes[..<filled])
    }
}
