import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why an input could not be read. Each case names the file, so the message stands alone.
public enum InputError: Error, CustomStringConvertible, Equatable {
    case cannotOpen(file: String, reason: String)
    case readFailed(file: String, reason: String)
    case truncatedGzip(file: String, offset: Int)
    case corruptGzip(file: String, offset: Int, zlibMessage: String)
    case cannotWrite(file: String, reason: String)

    /// What went wrong, without the file name: for places that name the file already (a row of
    /// rejects.csv), so that output does not depend on where the inputs sit on disk.
    public var reason: String {
        switch self {
        case let .cannotOpen(_, reason): return "cannot open: \(reason)"
        case let .readFailed(_, reason): return "read failed: \(reason)"
        case let .truncatedGzip(_, offset): return "gzip stream ends early at byte \(offset) (truncated file?)"
        case let .corruptGzip(_, offset, message): return "corrupt gzip data at byte \(offset): \(message)"
        case let .cannotWrite(_, reason): return "cannot write: \(reason)"
        }
    }

    public var description: String {
        switch self {
        case let .cannotOpen(file, reason): return "\(file): cannot open: \(reason)"
        case let .readFailed(file, reason): return "\(file): read failed: \(reason)"
        case let .truncatedGzip(file, offset): return "\(file): gzip stream ends early at byte \(offset) (truncated file?)"
        case let .corruptGzip(file, offset, message): return "\(file): corrupt gzip data at byte \(offset): \(message)"
        case let .cannotWrite(file, reason): return "\(file): cannot write: \(reason)"
        }
    }
}

func systemError() -> String { String(cString: strerror(errno)) }

/// What a file that is not a regular file is, in a reason's words.
enum FileKind {
    static func name(_ kind: Int) -> String {
        switch kind {
        case Int(S_IFIFO): return "a FIFO"
        case Int(S_IFCHR): return "a character device"
        case Int(S_IFBLK): return "a block device"
        case Int(S_IFSOCK): return "a socket"
        case Int(S_IFDIR): return "a folder"
        case Int(S_IFLNK): return "a symbolic link"
        default: return "not a regular file"
        }
    }
}

/// A plain file read with read(2): no whole-file loads.
public final class FileSource: ByteSource {
    public let path: String
    private var fd: Int32
    /// Bytes read from the file so far.
    public private(set) var offset = 0

    public init(path: String) throws {
        self.path = path
        fd = try Self.openRegularFile(path)
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Opens a regular file for reading. `O_NONBLOCK` first, so that a FIFO or a device named as
    /// an input cannot block the open (a FIFO waits for a writer that never comes); anything but a
    /// regular file is refused with its kind; then the descriptor reads normally again.
    static func openRegularFile(_ path: String) throws -> Int32 {
        let fd = open(NativePath.bytes(path), O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        if fd < 0 { throw InputError.cannotOpen(file: path, reason: systemError()) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let reason = systemError()
            close(fd)
            throw InputError.cannotOpen(file: path, reason: reason)
        }
        let kind = Int(info.st_mode) & Int(S_IFMT)
        guard kind == Int(S_IFREG) else {
            close(fd)
            throw InputError.cannotOpen(file: path, reason: "not a regular file (\(FileKind.name(kind)))")
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        return fd
    }

    /// The whole file, refusing more than `limit` bytes.
    func readAll(limit: Int) throws -> Data {
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = try chunk.withUnsafeMutableBytes { try read(into: $0) }
            if n == 0 { return data }
            data.append(contentsOf: chunk[..<n])
            if data.count > limit { throw InputError.readFailed(file: path, reason: "more than \(limit) bytes") }
        }
    }

    /// The file's size from the open descriptor (0 when unknown): no second path lookup.
    public var size: Int {
        var info = stat()
        return fstat(fd, &info) == 0 ? Int(info.st_size) : 0
    }

    /// `count` bytes at `offset`, without moving the read position; nil when they cannot all be read.
    func bytes(at offset: Int, count: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(offset)) }
        return n == count ? bytes : nil
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            let n = Glibc.read(fd, base, buffer.count)
            if n >= 0 { offset += n; return n }
            if errno == EINTR { continue }
            throw InputError.readFailed(file: path, reason: systemError())
        }
    }
}

/// Bytes already in memory: tests, zip entries small enough to hold, the head of a file.
public final class MemorySource: ByteSource {
    private let bytes: [UInt8]
    private var position = 0
    /// Whether a reader may take the bytes whole (`takeRest`) instead of copying them into
    /// its own buffer: set for whole decompressed files; tests leave it off so that tiny reader
    /// buffers still cross record boundaries.
    let lendsWhole: Bool

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        lendsWhole = false
    }

    init(_ bytes: [UInt8], lendsWhole: Bool) {
        self.bytes = bytes
        self.lendsWhole = lendsWhole
    }

    /// The bytes not read yet, handed over without a copy when none were read; the source is
    /// then at its end.
    func takeRest() -> [UInt8] {
        defer { position = bytes.count }
        return position == 0 ? bytes : Array(bytes[position...])
    }
    public convenience init(_ text: String) { self.init(Array(text.utf8)) }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(buffer.count, bytes.count - position)
        if n > 0 {
            bytes.withUnsafeBytes { src in
                buffer.baseAddress!.copyMemory(from: src.baseAddress! + position, byteCount: n)
            }
            position += n
        }
        return n
    }
}

/// Somewhere to stream bytes to: a plain file or a gzip file.
public protocol ByteSink: AnyObject {
    func write(_ bytes: UnsafeRawBufferPointer) throws
    /// Flushes and closes; further writes are errors.
    func close() throws
}

extension ByteSink {
    public func write(_ text: String) throws {
        var text = text
        try text.withUTF8 { try write(UnsafeRawBufferPointer($0)) }
    }

    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }
}

/// A plain file written through a 64 KiB buffer.
public final class FileSink: ByteSink {
    public let path: String
    private var fd: Int32
    private var buffer: [UInt8] = []
    private let capacity = 1 << 16

    public init(path: String) throws {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if fd < 0 { throw InputError.cannotWrite(file: path, reason: systemError()) }
        buffer.reserveCapacity(capacity)
    }

    deinit { if fd >= 0 { Glibc.close(fd) } }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        if buffer.count + bytes.count > capacity { try flush() }
        if bytes.count >= capacity {
            try writeAll(bytes)
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    public func close() throws {
        guard fd >= 0 else { return }
        try flush()
        let result = Glibc.close(fd)
        fd = -1
        if result != 0 { throw InputError.cannotWrite(file: path, reason: systemError()) }
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { try writeAll($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        guard fd >= 0 else { throw InputError.cannotWrite(file: path, reason: "already closed") }
        var done = 0
        while done < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw InputError.cannotWrite(file: path, reason: systemError())
            }
            done += n
        }
    }
}
