import Foundation

/// The content hash of an input file whose size or time changed (the cache's fingerprints).
extension SHA256Stream {
    /// The SHA-256 of a file's bytes as stored (not decompressed), read in 1 MiB blocks.
    static func file(at path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw ByteFormatError("\(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var stream = SHA256Stream()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ByteFormatError("\(path): \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            buffer.withUnsafeBytes { stream.update(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        }
        return stream.finish()
    }
}
