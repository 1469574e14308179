import CEarshotZlib
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The only file that touches zlib. Everything else sees `ByteSource` and `ByteSink`.

/// zlib's window bits for "gzip wrapper only, 32 KiB window" (15 + 16).
private let gzipWindowBits: Int32 = 15 + 16

/// Decompresses a gzip stream from another source, a caller's buffer at a time.
///
/// Multi-member files (`cat a.gz b.gz`) are read to the very end: after each member another one
/// may follow. After the last member, zero bytes up to the end of the file are ignored (tape and
/// block-device padding, as GNU gzip does); any other trailing bytes are reported as corrupt data,
/// after everything before them has been delivered, so that damage is never silent.
public final class GzipSource: ByteSource {
    /// The file name used in error messages.
    public let name: String
    private let zlib: InflateStream
    private var state: State = .inMember
    /// An error met in a call that also produced bytes: those bytes are delivered first (each
    /// decoded row before the damage is read and counted), the error on the next call.
    private var pendingError: Error?

    private enum State {
        case inMember
        /// A member ended; the next bytes decide what follows.
        case betweenMembers
        case finished
    }

    /// Compressed bytes consumed by zlib: the offset in the compressed file that errors name.
    public var compressedOffset: Int { zlib.compressedOffset }

    public init(_ inner: ByteSource, name: String, inputBufferSize: Int = 128 * 1024) {
        self.name = name
        zlib = InflateStream(inner, windowBits: gzipWindowBits, inputBufferSize: inputBufferSize)
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let out = buffer.baseAddress, buffer.count > 0 else { return 0 }
        guard zlib.initialized else {
            throw InputError.corruptGzip(file: name, offset: 0, zlibMessage: "cannot initialise zlib")
        }
        if let pendingError {
            self.pendingError = nil
            state = .finished
            throw pendingError
        }
        while true {
            switch state {
            case .finished:
                return 0
            case .betweenMembers:
                try decideWhatFollowsMember()
            case .inMember:
                let (status, produced) = try zlib.step(into: out, capacity: buffer.count)
                if produced > 0, status != Z_OK, status != Z_BUF_ERROR, status != Z_STREAM_END {
                    // The bytes inflated before the damage are real data: deliver them now.
                    pendingError = error(for: status)
                    return produced
                }
                switch status {
                case Z_OK, Z_BUF_ERROR:
                    // inflate may still hold output with no input left, so the end of the
                    // compressed bytes is truncation only once inflate makes no progress.
                    if produced > 0 { return produced }
                    if zlib.inputExhausted {
                        throw InputError.truncatedGzip(file: name, offset: compressedOffset)
                    }
                case Z_STREAM_END:
                    state = .betweenMembers
                    if produced > 0 { return produced }
                default:
                    throw error(for: status)
                }
            }
        }
    }

    private func error(for status: Int32) -> Error {
        switch status {
        case Z_NEED_DICT: return corrupt("gzip member needs a preset dictionary")
        case Z_MEM_ERROR: return InputError.readFailed(file: name, reason: "zlib is out of memory")
        default: return corrupt(zlib.message(default: "invalid compressed data"))
        }
    }

    /// After a member: another member (1F ...), zero padding to the end, or garbage.
    private func decideWhatFollowsMember() throws {
        let stream = zlib.stream
        if stream.pointee.avail_in == 0 && !zlib.innerAtEnd { try zlib.refill() }
        guard stream.pointee.avail_in > 0, let next = stream.pointee.next_in else {
            state = .finished
            return
        }
        if next.pointee == 0x1F {
            // inflate checks the rest of the header and reports "incorrect header check" itself.
            guard inflateReset(stream) == Z_OK else { throw corrupt(zlib.message(default: "cannot reset")) }
            state = .inMember
            return
        }
        if next.pointee != 0 { throw corrupt("trailing garbage after the last gzip member") }
        // Zero padding: acceptable only if nothing but zeros follows.
        while true {
            var cursor = stream.pointee.next_in!
            while stream.pointee.avail_in > 0 {
                if cursor.pointee != 0 { throw corrupt("trailing garbage after the last gzip member") }
                cursor += 1
                stream.pointee.avail_in -= 1
            }
            stream.pointee.next_in = cursor
            if zlib.innerAtEnd { break }
            try zlib.refill()
        }
        state = .finished
    }

    private func corrupt(_ message: String) -> InputError {
        InputError.corruptGzip(file: name, offset: compressedOffset, zlibMessage: message)
    }
}

/// zlib's inflate state fed from another source: what `GzipSource` and `RawInflateSource`
/// share (their formats differ only in the wrapper, their errors in the names they give).
private final class InflateStream {
    let stream: UnsafeMutablePointer<z_stream>
    private let inner: ByteSource
    private let input: UnsafeMutableRawBufferPointer
    /// Compressed bytes taken from `inner` so far.
    private var compressedRead = 0
    private(set) var innerAtEnd = false
    let initialized: Bool

    init(_ inner: ByteSource, windowBits: Int32, inputBufferSize: Int) {
        self.inner = inner
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        input = .allocate(byteCount: max(inputBufferSize, 64), alignment: 16)
        stream.pointee.next_in = nil
        stream.pointee.avail_in = 0
        initialized = inflateInit2_(stream, windowBits, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK
    }

    deinit {
        if initialized { inflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
        input.deallocate()
    }

    /// Compressed bytes consumed by zlib: the offset in the compressed data that errors name.
    var compressedOffset: Int { compressedRead - Int(stream.pointee.avail_in) }

    /// All compressed input has been read and handed to zlib.
    var inputExhausted: Bool { stream.pointee.avail_in == 0 && innerAtEnd }

    func refill() throws {
        let n = try inner.read(into: input)
        if n == 0 {
            innerAtEnd = true
            return
        }
        compressedRead += n
        stream.pointee.next_in = input.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_in = UInt32(n)
    }

    /// One call of inflate into `out` (more input read first when zlib has none): its status
    /// and how many bytes it produced.
    func step(into out: UnsafeMutableRawPointer, capacity: Int) throws -> (status: Int32, produced: Int) {
        if stream.pointee.avail_in == 0 && !innerAtEnd { try refill() }
        // zlib counts in UInt32; a larger caller buffer is simply filled in part.
        let capacity = min(capacity, Int(UInt32.max))
        stream.pointee.next_out = out.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = UInt32(capacity)
        let status = inflate(stream, Z_NO_FLUSH)
        return (status, capacity - Int(stream.pointee.avail_out))
    }

    func message(default fallback: String) -> String {
        if let message = stream.pointee.msg { return String(cString: message) }
        return fallback
    }
}

/// Writes a gzip file by streaming deflate (the sample generator, `posts.csv.gz`).
public final class GzipFileWriter: ByteSink {
    public let path: String
    private let file: FileSink
    private let deflater: DeflateSink

    /// - Parameter level: zlib's compression level, 0 (store) to 9 (smallest); 6 is gzip's default.
    public init(path: String, level: Int32 = 6) throws {
        self.path = path
        file = try FileSink(path: path)
        deflater = try DeflateSink(into: file, name: path, windowBits: gzipWindowBits, level: level)
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws { try deflater.write(bytes) }

    /// Writes the gzip trailer and closes the file.
    public func close() throws {
        try deflater.close()
        try file.close()
    }
}

/// Opens input files, recognising gzip by its magic bytes 1F 8B (never by the file name).
public enum InputOpener {
    /// A source over the file's content: decompressed if it is gzip, the plain bytes otherwise.
    public static func open(path: String) throws -> ByteSource {
        try open(path: path, wholeContentLimit: FastGunzip.limit)
    }

    /// - Parameter wholeContentLimit: a gzip file with at most this much content may be inflated
    ///   whole by libdeflate (`FastGunzip`) when the machine has it. A file larger than that
    ///   on disk has more content than that (deflate never shrinks data to less than what it
    ///   holds, less a few bytes), so it is streamed rather than read into memory first.
    static func open(path: String, wholeContentLimit: Int) throws -> ByteSource {
        var size = 0
        return try open(path: path, wholeContentLimit: wholeContentLimit, size: &size)
    }

    /// The same, also giving the file's size on disk.
    /// - Parameter streamInput: the compressed bytes a streamed gzip file reads at a time (the
    ///   scan, which wants a few KiB of content, reads less than a whole read does).
    static func open(path: String, wholeContentLimit: Int, size: inout Int, streamInput: Int = 128 * 1024) throws -> ByteSource {
        let file = try FileSource(path: path)
        // Size and trailer through the open file: each path lookup was a system call per file.
        size = file.size
        let magic = try firstTwoBytes(of: file)
        if magic == [0x1F, 0x8B], FastGunzip.isAvailable, size <= min(FastGunzip.limit, wholeContentLimit),
           trailerContentSize(of: file, fileSize: size) <= min(FastGunzip.limit, wholeContentLimit) {
            // Small enough to hold: libdeflate inflates it whole; zlib reads it if libdeflate
            // declines (from memory, and from the file for whatever the first read did not get).
            let (whole, rest) = readWhole(file, prefix: magic, limit: FastGunzip.limit, expected: size)
            if rest == nil, let content = FastGunzip.decompress(whole, contentLimit: wholeContentLimit) {
                return MemorySource(content, lendsWhole: true)
            }
            return GzipSource(ReplaySource(prefix: whole, rest: rest ?? MemorySource([])), name: path)
        }
        let replayed = ReplaySource(prefix: magic, rest: file)
        if magic == [0x1F, 0x8B] { return GzipSource(replayed, name: path, inputBufferSize: streamInput) }
        return replayed
    }

    /// The content size a gzip file's trailer gives (ISIZE, its last four bytes; 0 when they
    /// cannot be read). `FastGunzip` declines a file whose trailer says more than it takes, so
    /// such a file is streamed at once rather than read into memory whole first (a collection
    /// of 11 MB was held whole by each worker, then streamed anyway).
    static func trailerContentSize(of file: FileSource, fileSize: Int) -> Int {
        guard fileSize >= 18, let trailer = file.bytes(at: fileSize - 4, count: 4) else { return 0 }
        return Int(trailer[0]) | Int(trailer[1]) << 8 | Int(trailer[2]) << 16 | Int(trailer[3]) << 24
    }

    /// Reads a file to its end, up to `limit` bytes. `rest` is `nil` when the whole file was
    /// read; otherwise it gives what follows (more bytes, or the read error, in its place).
    /// - Parameter expected: the file's size: the bytes are read straight into an array of that
    ///   size (no chunk copies); a file that turns out longer goes on in chunks.
    static func readWhole(_ file: FileSource, prefix: [UInt8], limit: Int, expected: Int = 0) -> (bytes: [UInt8], rest: ByteSource?) {
        var failure: Error? = nil
        var atEnd = false
        // One byte more than expected, to see the end without another call.
        let capacity = min(max(expected, prefix.count), limit) + 1
        var bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            var filled = buffer.initialize(from: prefix).index
            while filled < capacity {
                do {
                    let n = try file.read(into: UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: buffer[filled...])))
                    if n == 0 {
                        atEnd = true
                        break
                    }
                    filled += n
                } catch {
                    failure = error
                    break
                }
            }
            count = filled
        }
        if let failure { return (bytes, FailingSource(error: failure)) }
        if atEnd { return (bytes, nil) }
        var chunk = uninitializedBytes(1 << 16)
        while bytes.count <= limit {
            do {
                let n = try chunk.withUnsafeMutableBytes { try file.read(into: $0) }
                if n == 0 { return (bytes, nil) }
                bytes += chunk[..<n]
            } catch {
                return (bytes, FailingSource(error: error))
            }
        }
        return (bytes, file)
    }

    /// Up to `maxBytes` of the file's (decompressed) start, for recognising its format.
    /// A gzip file damaged after its start still gives its readable start; only a file unreadable
    /// from the first byte throws.
    public static func head(path: String, maxBytes: Int) throws -> [UInt8] {
        // Content up to a few times the head is inflated whole; bigger files stream their head.
        try head(of: open(path: path, wholeContentLimit: max(4 * maxBytes, 1 << 18)), maxBytes: maxBytes)
    }
}

/// A source whose next read fails: a read error met while reading ahead, kept for its place.
final class FailingSource: ByteSource {
    private let error: Error
    init(error: Error) { self.error = error }
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int { throw error }
}

/// Gives back bytes already taken from a source, then the rest of it (magic-byte sniffing).
final class ReplaySource: ByteSource {
    private let prefix: [UInt8]
    private var position = 0
    private let rest: ByteSource

    init(prefix: [UInt8], rest: ByteSource) {
        self.prefix = prefix
        self.rest = rest
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard buffer.count > 0 else { return 0 }
        if position < prefix.count {
            let n = min(buffer.count, prefix.count - position)
            prefix.withUnsafeBytes { from in buffer.baseAddress!.copyMemory(from: from.baseAddress! + position, byteCount: n) }
            position += n
            return n
        }
        return try rest.read(into: buffer)
    }
}

// MARK: - Raw deflate and CRC-32 for zip entries (ZipArchive.swift)

/// zlib's window bits for "raw deflate, no wrapper, 32 KiB window": the data of a zip entry.
private let rawDeflateWindowBits: Int32 = -15

/// Inflates one raw deflate stream (a zip entry's data, method 8) from another source, a
/// caller's buffer at a time: memory is zlib's 32 KiB window plus one input buffer, whatever the
/// entry's size. The stream must end with its final block before the input ends.
final class RawInflateSource: ByteSource {
    /// The name used in error messages (`archive.zip/data/tweets.js`).
    let name: String
    private let zlib: InflateStream
    private var finished = false
    /// An error met in a call that also produced bytes, thrown on the next call (as GzipSource).
    private var pendingError: Error?

    /// Compressed bytes consumed by zlib so far.
    var compressedOffset: Int { zlib.compressedOffset }

    init(_ inner: ByteSource, name: String, inputBufferSize: Int = 64 * 1024) {
        self.name = name
        zlib = InflateStream(inner, windowBits: rawDeflateWindowBits, inputBufferSize: inputBufferSize)
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let out = buffer.baseAddress, buffer.count > 0, !finished else { return 0 }
        guard zlib.initialized else { throw ZipError.corruptEntry(entry: name, reason: "cannot initialise zlib") }
        if let pendingError {
            finished = true
            throw pendingError
        }
        while true {
            let (status, produced) = try zlib.step(into: out, capacity: buffer.count)
            // Every inflated byte counts against the run's budget (ResourceLimits).
            if produced > 0, !InflateBudget.take(produced) {
                finished = true
                throw ZipError.overBudget(entry: name, limit: ResourceLimits.current.maxInflatedBytesPerRun)
            }
            if produced > 0, status != Z_OK, status != Z_BUF_ERROR, status != Z_STREAM_END {
                // Deliver what was inflated before the damage; the error follows.
                pendingError = status == Z_MEM_ERROR
                    ? InputError.readFailed(file: name, reason: "zlib is out of memory")
                    : ZipError.corruptEntry(entry: name, reason: "\(zlib.message(default: "invalid compressed data")) at compressed byte \(compressedOffset)")
                return produced
            }
            switch status {
            case Z_OK, Z_BUF_ERROR:
                if produced > 0 { return produced }
                if zlib.inputExhausted {
                    throw ZipError.truncatedEntry(entry: name, offset: compressedOffset)
                }
            case Z_STREAM_END:
                finished = true
                return produced
            case Z_MEM_ERROR:
                throw InputError.readFailed(file: name, reason: "zlib is out of memory")
            default:
                let message = zlib.message(default: "invalid compressed data")
                throw ZipError.corruptEntry(entry: name, reason: "\(message) at compressed byte \(compressedOffset)")
            }
        }
    }
}

/// The CRC-32 of zip and gzip, continued over `bytes` from `crc` (0 to start).
package func crc32Update(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
    guard let base = bytes.baseAddress, bytes.count > 0 else { return crc }
    var value = UInt(crc)
    var offset = 0
    while offset < bytes.count {
        let slice = min(bytes.count - offset, 1 << 30)
        value = crc32(value, (base + offset).assumingMemoryBound(to: Bytef.self), UInt32(slice))
        offset += slice
    }
    return UInt32(truncatingIfNeeded: value)
}

// MARK: - Deflate into another sink

/// Compresses into another sink: gzip (`gzipWindowBits`, for `GzipFileWriter`) or raw deflate
/// (`rawDeflateWindowBits`: the data of a zip entry written with method 8, for the sample
/// generator's archives). Memory is zlib's state and one output buffer, whatever the size.
///
/// `close()` ends the deflate stream but leaves `target` open: in a zip archive the next entry
/// follows in the same file.
package final class DeflateSink: ByteSink {
    let name: String
    private let target: ByteSink
    private let stream: UnsafeMutablePointer<z_stream>
    private let output: UnsafeMutableRawBufferPointer
    private var open = false

    /// - Parameter level: zlib's compression level, 0 to 9 (6 is zip's and gzip's default).
    package init(into target: ByteSink, name: String, windowBits: Int32 = rawDeflateWindowBits, level: Int32 = 6) throws {
        self.name = name
        self.target = target
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        output = .allocate(byteCount: 64 * 1024, alignment: 16)
        let status = deflateInit2_(stream, max(0, min(level, 9)), Z_DEFLATED, windowBits, 8,
                                   Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            output.deallocate()
            throw InputError.cannotWrite(file: name, reason: "cannot initialise zlib (status \(status))")
        }
        open = true
    }

    deinit {
        if open { deflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
        output.deallocate()
    }

    package func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard open else { throw InputError.cannotWrite(file: name, reason: "already closed") }
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        var offset = 0
        while offset < bytes.count {
            // zlib counts in UInt32: feed very large buffers in slices.
            let slice = min(bytes.count - offset, 1 << 30)
            stream.pointee.next_in = UnsafeMutablePointer(mutating: (base + offset).assumingMemoryBound(to: Bytef.self))
            stream.pointee.avail_in = UInt32(slice)
            try run(flush: Z_NO_FLUSH)
            offset += slice
        }
    }

    /// Ends the deflate stream (its final block); `target` stays open.
    package func close() throws {
        guard open else { return }
        stream.pointee.next_in = nil
        stream.pointee.avail_in = 0
        try run(flush: Z_FINISH)
        deflateEnd(stream)
        open = false
    }

    private func run(flush: Int32) throws {
        while true {
            stream.pointee.next_out = output.baseAddress!.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = UInt32(output.count)
            let status = deflate(stream, flush)
            if status == Z_STREAM_ERROR { throw InputError.cannotWrite(file: name, reason: "zlib deflate failed") }
            let produced = output.count - Int(stream.pointee.avail_out)
            if produced > 0 { try target.write(UnsafeRawBufferPointer(start: output.baseAddress, count: produced)) }
            if flush == Z_FINISH {
                if status == Z_STREAM_END { return }
            } else if stream.pointee.avail_in == 0 && stream.pointee.avail_out > 0 {
                return
            }
        }
    }
}

extension InputOpener {
    /// `raw` itself, or its decompressed content when its first two bytes are 1F 8B: a zip
    /// entry (files go through `open(path:)`, which may inflate small ones whole).
    public static func decompressingIfGzip(_ raw: ByteSource, name: String) throws -> ByteSource {
        let magic = try firstTwoBytes(of: raw)
        let replayed = ReplaySource(prefix: magic, rest: raw)
        if magic == [0x1F, 0x8B] { return GzipSource(replayed, name: name) }
        return replayed
    }

    /// The first two bytes (fewer for a shorter stream): where gzip's magic 1F 8B would be.
    static func firstTwoBytes(of source: ByteSource) throws -> [UInt8] {
        var magic: [UInt8] = []
        var byte: UInt8 = 0
        while magic.count < 2 {
            let n = try withUnsafeMutableBytes(of: &byte) { try source.read(into: $0) }
            if n == 0 { break }
            magic.append(byte)
        }
        return magic
    }

    /// Up to `maxBytes` of `source`; an error after some bytes keeps them.
    static func head(of source: ByteSource, maxBytes: Int) throws -> [UInt8] {
        // Filled in place, not zeroed first and copied after: this runs for every file.
        try [UInt8](unsafeUninitializedCapacity: max(0, maxBytes)) { buffer, initialized in
            var filled = 0
            do {
                while filled < buffer.count {
                    let n = try source.read(into: UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: buffer[filled...])))
                    if n == 0 { break }
                    filled += n
                }
            } catch {
                if filled == 0 { throw error }
            }
            initialized = filled
        }
    }
}
