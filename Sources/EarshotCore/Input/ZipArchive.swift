#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One entry of a zip archive, as its central directory describes it: enough to open the entry
/// later without reading the directory again.
public struct ZipEntry: Sendable, Equatable {
    /// The name inside the archive, `/`-separated (`data/tweets.js`).
    public var name: String
    /// 0 stored, 8 deflate; others are not read.
    public var method: UInt16
    public var flags: UInt16
    public var crc32: UInt32
    public var compressedSize: UInt64
    public var uncompressedSize: UInt64
    public var localHeaderOffset: UInt64
    /// Why the entry is not read (unsafe name, encryption, a method we lack, a zip-bomb limit);
    /// `nil` for an entry that can be read.
    public var problem: String?

    public init(name: String, method: UInt16 = 0, flags: UInt16 = 0, crc32: UInt32 = 0,
                compressedSize: UInt64 = 0, uncompressedSize: UInt64 = 0, localHeaderOffset: UInt64 = 0,
                problem: String? = nil) {
        self.name = name
        self.method = method
        self.flags = flags
        self.crc32 = crc32
        self.compressedSize = compressedSize
        self.uncompressedSize = uncompressedSize
        self.localHeaderOffset = localHeaderOffset
        self.problem = problem
    }

    /// Folders are entries too; they hold no bytes.
    public var isDirectory: Bool { name.hasSuffix("/") }
}

/// Why a zip archive or one of its entries cannot be read. Each case names the archive or the
/// entry (`archive.zip/data/tweets.js`), so the message stands alone.
public enum ZipError: Error, CustomStringConvertible, Equatable {
    /// No usable central directory: not a zip, or cut short (an interrupted download).
    case unreadableArchive(archive: String, reason: String)
    /// The entry's compressed data ends before its deflate stream does.
    case truncatedEntry(entry: String, offset: Int)
    case corruptEntry(entry: String, reason: String)
    /// The run has inflated `ResourceLimits.maxInflatedBytesPerRun` bytes from archives already.
    case overBudget(entry: String, limit: UInt64)

    public var description: String {
        switch self {
        case let .unreadableArchive(archive, reason): return "\(archive): not a readable zip archive: \(reason)"
        case let .truncatedEntry(entry, offset): return "\(entry): zip entry data ends early at compressed byte \(offset) (truncated archive?)"
        case let .corruptEntry(entry, reason): return "\(entry): corrupt zip entry: \(reason)"
        case let .overBudget(entry, limit):
            return "\(entry): not read further: this run has inflated \(limit) bytes from archives, its limit (--max-inflate-bytes)"
        }
    }
}

/// Limits that stop a zip bomb before it costs hours of decompression. Entries are streamed and
/// never stored, so a bomb can only cost time; these keep that bounded. Real exports compress
/// about 5 to 20 times; deflate itself cannot exceed about 1,032 times.
public struct ZipLimits: Sendable, Equatable {
    /// The largest uncompressed entry that is read.
    public var maxEntryBytes: UInt64 = 16 << 30
    /// The highest uncompressed / compressed ratio that is read...
    public var maxRatio: UInt64 = 100
    /// ...for entries larger than this (small files of repeated bytes legitimately exceed it).
    public var ratioAppliesAbove: UInt64 = 1 << 20
    /// The most entries an archive may have.
    public var maxEntries = 2_000_000

    public init() {}

    public static let standard = ZipLimits()
}

/// Reads zip archives in place: the central directory to list the entries, then each entry as a
/// `ByteSource` that pulls compressed bytes from the file with pread and inflates them through
/// zlib (Gzip.swift). Nothing is extracted to disk and memory does not grow with an entry's size.
///
/// ZIPFoundation 0.9.20 was considered: its extraction pushes chunks into a closure and its
/// entries' data offsets are internal, so a pull-based source over it needs a thread per open
/// entry. The directory format is small and specified (PKWARE APPNOTE), so it is read here.
///
/// Supported: stored and deflated entries, Zip64 archives and entries, data descriptors (sizes
/// come from the central directory), data prepended to the archive (self-extractors). Entries
/// with a problem (see `ZipEntry.problem`) are listed but never opened.
public enum ZipArchive {
    /// Whether the file starts like a zip archive (`PK\3\4`, or `PK\5\6` for an empty one).
    public static func looksLikeZip(path: String) -> Bool {
        guard let file = try? RandomAccessFile(path: path), let head = try? file.read(at: 0, count: 4) else { return false }
        if head == [0x50, 0x4B, 0x03, 0x04] || head == [0x50, 0x4B, 0x05, 0x06] { return true }
        // A self-extracting archive: a program (Windows `MZ`, ELF, a `#!` script) with the zip
        // after it. Its end-of-central-directory record says so; only those heads pay the look.
        let programHeads: [[UInt8]] = [[0x4D, 0x5A], [0x7F, 0x45, 0x4C, 0x46], [0x23, 0x21]]
        guard programHeads.contains(where: { head.starts(with: $0) }) else { return false }
        return hasEndRecord(file)
    }

    /// Whether an end-of-central-directory record sits in the file's last 64 KiB + 22 bytes,
    /// with its comment reaching exactly to the end of the file.
    private static func hasEndRecord(_ file: RandomAccessFile) -> Bool {
        let size = file.size
        guard size >= 22 else { return false }
        let tailStart = max(0, size - (22 + 65_535))
        guard let tail = try? file.read(at: tailStart, count: size - tailStart) else { return false }
        var i = tail.count - 22
        while i >= 0 {
            if tail[i] == 0x50, tail[i + 1] == 0x4B, tail[i + 2] == 0x05, tail[i + 3] == 0x06,
               i + 22 + Int(le16(tail, i + 20)) == tail.count {
                return true
            }
            i -= 1
        }
        return false
    }

    /// The archive's entries in central-directory order, folders included.
    /// - Parameter displayName: how messages name the archive.
    /// - Throws: `ZipError.unreadableArchive` when there is no usable central directory.
    public static func entries(path: String, displayName: String? = nil, limits: ZipLimits = .standard) throws -> [ZipEntry] {
        let archive = displayName ?? path
        func unreadable(_ reason: String) -> ZipError { .unreadableArchive(archive: archive, reason: reason) }
        let file: RandomAccessFile
        do { file = try RandomAccessFile(path: path) } catch { throw unreadable("\(error)") }
        let size = file.size
        guard size >= 22 else { throw unreadable("too short for a zip archive (\(size) bytes)") }

        // The end-of-central-directory record: 22 bytes plus a comment of up to 65,535 bytes.
        let tailStart = max(0, size - (22 + 65_535))
        let tail = try file.read(at: tailStart, count: size - tailStart)
        var eocdAt: Int? = nil
        var i = tail.count - 22
        while i >= 0 {
            if tail[i] == 0x50, tail[i + 1] == 0x4B, tail[i + 2] == 0x05, tail[i + 3] == 0x06,
               i + 22 + Int(le16(tail, i + 20)) <= tail.count {
                eocdAt = i
                break
            }
            i -= 1
        }
        guard let eocd = eocdAt else {
            throw unreadable("no end-of-central-directory record (the archive is truncated, or not a zip)")
        }
        let eocdOffset = tailStart + eocd
        var entryCount = UInt64(le16(tail, eocd + 10))
        var directorySize = UInt64(le32(tail, eocd + 12))
        var directoryOffset = UInt64(le32(tail, eocd + 16))
        var directoryEnd = UInt64(eocdOffset)

        // Zip64: a locator just before the record points at the Zip64 end record.
        if eocdOffset >= 20 {
            let locator = try file.read(at: eocdOffset - 20, count: 20)
            if le32(locator, 0) == 0x0706_4B50 {
                // Where the locator says, or, with data prepended to the archive, right before it.
                let candidates = [le64(locator, 8), UInt64(max(0, eocdOffset - 20 - 56))]
                var found: (at: UInt64, record: [UInt8])? = nil
                for at in candidates where at < UInt64(eocdOffset) {
                    if let record = try? file.read(at: Int(at), count: 56), record.count == 56, le32(record, 0) == 0x0606_4B50 {
                        found = (at, record)
                        break
                    }
                }
                guard let (zip64At, record) = found else { throw unreadable("Zip64 end record missing or damaged") }
                entryCount = le64(record, 32)
                directorySize = le64(record, 40)
                directoryOffset = le64(record, 48)
                directoryEnd = zip64At
            }
        }
        guard entryCount <= UInt64(limits.maxEntries) else {
            throw unreadable("claims \(entryCount) entries, more than the limit of \(limits.maxEntries)")
        }
        guard directorySize <= directoryEnd, directorySize <= 1 << 30 else {
            throw unreadable("central directory of \(directorySize) bytes does not fit in the file")
        }
        // Data prepended to the archive shifts every offset by the same amount.
        let directoryStart = directoryEnd - directorySize
        guard directoryStart >= directoryOffset else {
            throw unreadable("central directory lies beyond the end of the file (truncated archive?)")
        }
        let shift = directoryStart - directoryOffset
        let directory = try file.read(at: Int(directoryStart), count: Int(directorySize))

        var entries: [ZipEntry] = []
        entries.reserveCapacity(Int(min(entryCount, 1 << 16)))
        var p = 0
        while entries.count < Int(entryCount) {
            guard p + 46 <= directory.count, le32(directory, p) == 0x0201_4B50 else {
                throw unreadable("central directory damaged at entry \(entries.count + 1) of \(entryCount)")
            }
            let nameLength = Int(le16(directory, p + 28))
            let extraLength = Int(le16(directory, p + 30))
            let commentLength = Int(le16(directory, p + 32))
            let next = p + 46 + nameLength + extraLength + commentLength
            guard next <= directory.count else {
                throw unreadable("central directory damaged at entry \(entries.count + 1) of \(entryCount)")
            }
            var entry = ZipEntry(
                name: String(decoding: directory[(p + 46)..<(p + 46 + nameLength)], as: UTF8.self),
                method: le16(directory, p + 10), flags: le16(directory, p + 8), crc32: le32(directory, p + 16),
                compressedSize: UInt64(le32(directory, p + 20)), uncompressedSize: UInt64(le32(directory, p + 24)),
                localHeaderOffset: UInt64(le32(directory, p + 42)))
            // Zip64 extra field: the 64-bit values of the fields that read 0xFFFFFFFF, in this order.
            var e = p + 46 + nameLength
            let extraEnd = e + extraLength
            while e + 4 <= extraEnd {
                let id = le16(directory, e), length = Int(le16(directory, e + 2))
                let dataEnd = min(e + 4 + length, extraEnd)
                if id == 0x0001 {
                    var f = e + 4
                    func next64() -> UInt64? {
                        guard f + 8 <= dataEnd else { return nil }
                        defer { f += 8 }
                        return le64(directory, f)
                    }
                    if entry.uncompressedSize == 0xFFFF_FFFF, let v = next64() { entry.uncompressedSize = v }
                    if entry.compressedSize == 0xFFFF_FFFF, let v = next64() { entry.compressedSize = v }
                    if entry.localHeaderOffset == 0xFFFF_FFFF, let v = next64() { entry.localHeaderOffset = v }
                }
                e += 4 + length
            }
            entry.localHeaderOffset &+= shift
            entry.problem = problem(of: entry, limits: limits, dataLimit: directoryStart)
            entries.append(entry)
            p = next
        }
        markOverlaps(&entries)
        return entries
    }

    /// Why an entry cannot be read, from its directory record alone.
    static func problem(of entry: ZipEntry, limits: ZipLimits, dataLimit: UInt64) -> String? {
        if entry.isDirectory { return nil }
        if !isSafeName(entry.name) {
            return "unsafe name in the zip archive (an absolute path or `..`): ignored"
        }
        if entry.flags & 1 != 0 { return "encrypted zip entry: not read" }
        if entry.method != 0 && entry.method != 8 {
            return "compressed with zip method \(entry.method), which Earshot cannot read (zip it again with deflate)"
        }
        if entry.method == 0 && entry.compressedSize != entry.uncompressedSize {
            return "corrupt zip entry: stored with \(entry.compressedSize) bytes but declares \(entry.uncompressedSize)"
        }
        if entry.uncompressedSize > limits.maxEntryBytes {
            return "zip entry claims \(entry.uncompressedSize) bytes uncompressed, above the limit of "
                + "\(limits.maxEntryBytes): not read (possible zip bomb)"
        }
        if entry.uncompressedSize > limits.ratioAppliesAbove,
           entry.uncompressedSize / max(entry.compressedSize, 1) > limits.maxRatio {
            return "zip entry claims \(entry.uncompressedSize) bytes from \(entry.compressedSize) compressed "
                + "(more than \(limits.maxRatio) times): not read (possible zip bomb)"
        }
        let (end, overflow) = entry.localHeaderOffset.addingReportingOverflow(30 + UInt64(entry.name.utf8.count) + entry.compressedSize)
        if overflow || end > dataLimit {
            return "zip entry data lies beyond the end of the archive's data (truncated or corrupt archive)"
        }
        return nil
    }

    /// Entries whose data overlaps another's are the trick of non-recursive zip bombs: none of them is read.
    static func markOverlaps(_ entries: inout [ZipEntry]) {
        let order = entries.indices.filter { !entries[$0].isDirectory && entries[$0].problem == nil }
            .sorted { entries[$0].localHeaderOffset < entries[$1].localHeaderOffset }
        for (a, b) in zip(order, order.dropFirst()) {
            let first = entries[a]
            if first.localHeaderOffset + 30 + UInt64(first.name.utf8.count) + first.compressedSize > entries[b].localHeaderOffset {
                let reason = "zip entry data overlaps another entry's (a zip bomb trick): not read"
                entries[a].problem = reason
                entries[b].problem = reason
            }
        }
    }

    /// Relative, with no `..` component and no drive letter: safe to show and to treat as a path.
    static func isSafeName(_ name: String) -> Bool {
        if name.isEmpty || name.hasPrefix("/") || name.hasPrefix("\\") { return false }
        let parts = name.split(omittingEmptySubsequences: false) { $0 == "/" || $0 == "\\" }
        if parts.contains("..") { return false }
        if let first = parts.first, first.count == 2, first.last == ":" { return false }
        return true
    }

    /// The entry's bytes, decompressed and checked (size and CRC-32) as they stream.
    /// - Parameter displayName: how messages name the entry (`archive.zip/data/tweets.js`).
    public static func open(_ entry: ZipEntry, archive path: String, displayName: String) throws -> ByteSource {
        if let problem = entry.problem { throw ZipError.corruptEntry(entry: displayName, reason: problem) }
        let file = try RandomAccessFile(path: path)
        let header = try file.read(at: Int(entry.localHeaderOffset), count: 30)
        guard header.count == 30, le32(header, 0) == 0x0403_4B50 else {
            throw ZipError.corruptEntry(entry: displayName, reason: "no local header where the directory says")
        }
        let dataStart = entry.localHeaderOffset + 30 + UInt64(le16(header, 26)) + UInt64(le16(header, 28))
        let slice = FileSliceSource(file: file, start: dataStart, count: entry.compressedSize)
        let data: ByteSource = entry.method == 8 ? RawInflateSource(slice, name: displayName) : slice
        return CheckedEntrySource(data, entry: entry, name: displayName)
    }
}

// MARK: - Sources

/// A file read at offsets with pread, shared by the slices of one open entry.
final class RandomAccessFile {
    let path: String
    private let fd: Int32
    let size: Int

    init(path: String) throws {
        self.path = path
        fd = try FileSource.openRegularFile(path)
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let reason = systemError()
            Glibc.close(fd)
            throw InputError.cannotOpen(file: path, reason: reason)
        }
        size = Int(info.st_size)
    }

    deinit { Glibc.close(fd) }

    /// Up to `buffer.count` bytes at `offset`; fewer only at the end of the file.
    func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        var done = 0
        while done < buffer.count {
            let n = pread(fd, base + done, buffer.count - done, off_t(offset + done))
            if n < 0 {
                if errno == EINTR { continue }
                throw InputError.readFailed(file: path, reason: systemError())
            }
            if n == 0 { break }
            done += n
        }
        return done
    }

    func read(at offset: Int, count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: max(0, count))
        let n = try bytes.withUnsafeMutableBytes { try read(at: offset, into: $0) }
        return Array(bytes[..<n])
    }
}

/// `count` bytes of a file from `start`: an entry's compressed data.
final class FileSliceSource: ByteSource {
    private let file: RandomAccessFile
    private var position: UInt64
    private let end: UInt64

    init(file: RandomAccessFile, start: UInt64, count: UInt64) {
        self.file = file
        position = start
        end = start &+ count
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard position < end, buffer.count > 0 else { return 0 }
        let wanted = Int(min(UInt64(buffer.count), end - position))
        let n = try file.read(at: Int(position), into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<wanted]))
        position += UInt64(n)
        return n
    }
}

/// Holds an entry to what its directory record declares: never more bytes than its size (a
/// lying header cannot inflate further), exactly that many at the end, and a matching CRC-32.
final class CheckedEntrySource: ByteSource {
    private let inner: ByteSource
    private let entry: ZipEntry
    private let name: String
    private var produced: UInt64 = 0
    private var crc: UInt32 = 0
    private var done = false

    init(_ inner: ByteSource, entry: ZipEntry, name: String) {
        self.inner = inner
        self.entry = entry
        self.name = name
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard !done, buffer.count > 0 else { return 0 }
        // Ask for at most one byte more than is left, to notice an entry longer than declared.
        let left = entry.uncompressedSize - produced
        let wanted = Int(min(UInt64(buffer.count), left + 1))
        let n = try inner.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<wanted]))
        if n == 0 {
            done = true
            if produced != entry.uncompressedSize {
                throw ZipError.truncatedEntry(entry: name, offset: Int(clamping: produced))
            }
            if crc != entry.crc32 {
                throw ZipError.corruptEntry(entry: name, reason: "CRC-32 mismatch (the data is damaged)")
            }
            return 0
        }
        if UInt64(n) > left {
            done = true
            throw ZipError.corruptEntry(
                entry: name, reason: "more data than the \(entry.uncompressedSize) bytes its directory declares (possible zip bomb)")
        }
        produced += UInt64(n)
        crc = crc32Update(crc, UnsafeRawBufferPointer(rebasing: buffer[..<n]))
        return n
    }
}

// MARK: - Little-endian fields

@inline(__always) private func le16(_ b: [UInt8], _ i: Int) -> UInt16 {
    UInt16(b[i]) | UInt16(b[i + 1]) << 8
}

@inline(__always) private func le32(_ b: [UInt8], _ i: Int) -> UInt32 {
    UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
}

@inline(__always) private func le64(_ b: [UInt8], _ i: Int) -> UInt64 {
    UInt64(le32(b, i)) | UInt64(le32(b, i + 4)) << 32
}
