/// A stream of bytes: a plain file, a gzip stream, or (later) a zip entry. Readers only ever see
/// this, so that every format reads compressed and plain input alike, in bounded memory.
public protocol ByteSource: AnyObject {
    /// Fills up to `buffer.count` bytes and returns how many; 0 means the end of the stream.
    /// Throws `InputError` when the underlying file is unreadable or corrupt.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}
