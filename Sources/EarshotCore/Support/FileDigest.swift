import Crypto
import Foundation

/// The content hash of an input file whose size or time changed (the cache's fingerprints).
extension SHA256 {
    /// The SHA-256 of a file's bytes as stored (not decompressed), read in 1 MiB blocks.
    static func ofFile(at path: String) throws -> [UInt8] {
        let fd = open(NativePath.bytes(path), O_RDONLY | O_NONBLOCK)
        guard fd >= 0 else { throw ByteFormatError("\(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var stream = SHA256()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ByteFormatError("\(path): \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            buffer.withUnsafeBytes { stream.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        }
        return Array(stream.finalize())
    }
}
