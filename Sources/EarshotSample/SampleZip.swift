import EarshotCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a zip archive (PKWARE APPNOTE 6.3.x) one entry after another, for the archives people
/// download today (a modern Twitter/X archive, a Mastodon archive).
///
/// Streaming: an entry's bytes go to the file as they come (deflated through zlib, Gzip.swift, or
/// stored); its local header is written first with the CRC-32 and sizes left at zero and patched
/// in place once the entry ends, so no data descriptors are needed and memory holds only the
/// central directory (about 60 bytes an entry). Deterministic: the same entries give the same
/// bytes (a fixed modification time, no extra timestamp fields, no comment).
///
/// Zip64 (APPNOTE 4.5.3) where the classic fields cannot hold a value: an entry opened as `large`
/// reserves a Zip64 extra field in its local header (an entry cannot grow past 4 GiB otherwise),
/// and an archive past 4 GiB or 65,535 entries ends with the Zip64 end records.
final class SampleZipWriter {
    /// Where the archive is on disk.
    let path: String
    private var fd: Int32
    /// The next byte's offset in the file.
    private(set) var offset: UInt64 = 0
    private let dosTime: UInt16
    private let dosDate: UInt16
    /// Central directory records, written at `close()`.
    private var directory: [UInt8] = []
    private(set) var entryCount = 0
    private var current: OpenEntry?
    /// Zip64 records even where the classic fields would do (tests of the Zip64 paths).
    let forceZip64: Bool

    private struct OpenEntry {
        var name: [UInt8]
        var method: UInt16
        var headerOffset: UInt64
        var dataStart: UInt64
        var zip64: Bool
    }

    /// - Parameter modified: the time every entry says it was modified (UTC seconds), so that
    ///   the same corpus gives the same bytes.
    init(path: String, modified: Int64, forceZip64: Bool = false) throws {
        self.path = path
        self.forceZip64 = forceZip64
        fd = sampleOpenForWriting(path)
        if fd < 0 { throw SampleError.cannotWrite(path: path, reason: sampleSystemError()) }
        (dosTime, dosDate) = Self.dosDateTime(modified)
    }

    deinit {
        if fd >= 0 { _ = sampleCloseFile(fd) }
    }

    /// MS-DOS time and date fields (2-second resolution, years 1980 to 2107).
    static func dosDateTime(_ t: Int64) -> (time: UInt16, date: UInt16) {
        let c = SampleCalendar.civil(t)
        let year = min(max(c.year, 1980), 2107)
        let time = UInt16(c.hour << 11 | c.minute << 5 | c.second / 2)
        let date = UInt16((year - 1980) << 9 | c.month << 5 | c.day)
        return (time, date)
    }

    // MARK: Entries

    /// Starts an entry; write its bytes to the sink returned, then close that sink. One entry is
    /// open at a time.
    /// - Parameter large: the entry may exceed 4 GiB (its local header gets a Zip64 field).
    func beginEntry(_ name: String, deflate: Bool, large: Bool = false) throws -> ByteSink {
        guard current == nil else { throw SampleError.cannotWrite(path: path, reason: "zip entry \(name) opened inside another") }
        let nameBytes = Array(name.utf8)
        let zip64 = large || forceZip64
        var header = SampleBytes(capacity: 30 + nameBytes.count + 20)
        header.appendLE32(0x0403_4B50)
        header.appendLE16(zip64 ? 45 : 20)           // version needed to extract
        header.appendLE16(Self.flags(nameBytes))
        header.appendLE16(deflate ? 8 : 0)
        header.appendLE16(dosTime)
        header.appendLE16(dosDate)
        header.appendLE32(0)                          // CRC-32, patched at the end
        header.appendLE32(zip64 ? 0xFFFF_FFFF : 0)    // compressed size, patched
        header.appendLE32(zip64 ? 0xFFFF_FFFF : 0)    // uncompressed size, patched
        header.appendLE16(UInt16(nameBytes.count))
        header.appendLE16(zip64 ? 20 : 0)
        header.append(nameBytes)
        if zip64 {
            header.appendLE16(0x0001)
            header.appendLE16(16)
            header.appendLE64(0)                      // uncompressed size, patched
            header.appendLE64(0)                      // compressed size, patched
        }
        let headerOffset = offset
        try append(header.bytes)
        current = OpenEntry(name: nameBytes, method: deflate ? 8 : 0, headerOffset: headerOffset, dataStart: offset, zip64: zip64)
        let sink = SampleZipEntrySink(zip: self, name: path + "/" + name)
        if deflate { sink.deflater = try DeflateSink(into: SampleZipDataSink(zip: self), name: path + "/" + name, level: SampleCompression.level) }
        return sink
    }

    /// A small entry written whole.
    func addEntry(_ name: String, _ bytes: [UInt8], deflate: Bool) throws {
        let sink = try beginEntry(name, deflate: deflate)
        try bytes.withUnsafeBytes { try sink.write($0) }
        try sink.close()
    }

    /// Bit 11: the name is UTF-8 (only set when it is not plain ASCII, as zip tools do).
    private static func flags(_ name: [UInt8]) -> UInt16 {
        name.contains { $0 >= 0x80 } ? 0x0800 : 0
    }

    /// Ends the open entry: patches its local header and records it for the central directory.
    fileprivate func endEntry(crc: UInt32, size: UInt64) throws {
        guard let entry = current else { return }
        current = nil
        let compressed = offset - entry.dataStart
        if !entry.zip64 && (compressed >= 0xFFFF_FFFF || size >= 0xFFFF_FFFF) {
            throw SampleError.cannotWrite(path: path, reason: "zip entry \(String(decoding: entry.name, as: UTF8.self)) "
                + "grew past 4 GiB without Zip64 (write fewer posts per organization)")
        }
        var patch = SampleBytes(capacity: 16)
        patch.appendLE32(crc)
        if entry.zip64 {
            try write(at: entry.headerOffset + 14, patch.bytes)
            patch.removeAll()
            patch.appendLE64(size)
            patch.appendLE64(compressed)
            try write(at: entry.headerOffset + 30 + UInt64(entry.name.count) + 4, patch.bytes)
        } else {
            patch.appendLE32(UInt32(compressed))
            patch.appendLE32(UInt32(size))
            try write(at: entry.headerOffset + 14, patch.bytes)
        }

        // The central directory record: the 64-bit values of the fields that read 0xFFFFFFFF go
        // in a Zip64 extra field, in the order APPNOTE gives (size, compressed size, offset).
        let sizes64 = entry.zip64 || size >= 0xFFFF_FFFF || compressed >= 0xFFFF_FFFF
        let offset64 = forceZip64 || entry.headerOffset >= 0xFFFF_FFFF
        var extra = SampleBytes(capacity: 28)
        if sizes64 || offset64 {
            extra.appendLE16(0x0001)
            extra.appendLE16(UInt16((sizes64 ? 16 : 0) + (offset64 ? 8 : 0)))
            if sizes64 { extra.appendLE64(size); extra.appendLE64(compressed) }
            if offset64 { extra.appendLE64(entry.headerOffset) }
        }
        let zip64 = sizes64 || offset64
        var record = SampleBytes(capacity: 46 + entry.name.count + extra.count)
        record.appendLE32(0x0201_4B50)
        record.appendLE16(zip64 ? 0x032D : 0x031E)       // made by: Unix, zip 4.5 or 3.0
        record.appendLE16(zip64 ? 45 : 20)
        record.appendLE16(Self.flags(entry.name))
        record.appendLE16(entry.method)
        record.appendLE16(dosTime)
        record.appendLE16(dosDate)
        record.appendLE32(crc)
        record.appendLE32(sizes64 ? 0xFFFF_FFFF : UInt32(compressed))
        record.appendLE32(sizes64 ? 0xFFFF_FFFF : UInt32(size))
        record.appendLE16(UInt16(entry.name.count))
        record.appendLE16(UInt16(extra.count))
        record.appendLE16(0)                              // comment
        record.appendLE16(0)                              // disk
        record.appendLE16(0)                              // internal attributes
        record.appendLE32(0o100644 << 16)                 // external: a regular file, rw-r--r--
        record.appendLE32(offset64 ? 0xFFFF_FFFF : UInt32(entry.headerOffset))
        record.append(entry.name)
        record.append(extra)
        directory.append(contentsOf: record.bytes)
        entryCount += 1
    }

    // MARK: Closing

    /// Writes the central directory and the end records, and closes the file.
    func close() throws {
        guard fd >= 0 else { return }
        if current != nil { throw SampleError.cannotWrite(path: path, reason: "zip closed with an entry still open") }
        let directoryOffset = offset
        try append(directory)
        let directorySize = UInt64(directory.count)
        directory = []
        let count = UInt64(entryCount)
        var end = SampleBytes(capacity: 98)
        if forceZip64 || count >= 0xFFFF || directoryOffset >= 0xFFFF_FFFF || directorySize >= 0xFFFF_FFFF {
            let zip64End = offset
            end.appendLE32(0x0606_4B50)
            end.appendLE64(44)                            // size of the rest of this record
            end.appendLE16(0x032D)
            end.appendLE16(45)
            end.appendLE32(0)                             // this disk
            end.appendLE32(0)                             // disk of the directory
            end.appendLE64(count)
            end.appendLE64(count)
            end.appendLE64(directorySize)
            end.appendLE64(directoryOffset)
            end.appendLE32(0x0706_4B50)                   // locator
            end.appendLE32(0)
            end.appendLE64(zip64End)
            end.appendLE32(1)                             // disks
        }
        end.appendLE32(0x0605_4B50)
        end.appendLE16(0)
        end.appendLE16(0)
        end.appendLE16(UInt16(min(count, 0xFFFF)))
        end.appendLE16(UInt16(min(count, 0xFFFF)))
        end.appendLE32(UInt32(min(directorySize, 0xFFFF_FFFF)))
        end.appendLE32(UInt32(min(directoryOffset, 0xFFFF_FFFF)))
        end.appendLE16(0)                                 // comment
        try append(end.bytes)
        let status = sampleCloseFile(fd)
        fd = -1
        if status != 0 { throw SampleError.cannotWrite(path: path, reason: sampleSystemError()) }
    }

    // MARK: Writing bytes

    fileprivate func append(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try append($0) }
    }

    fileprivate func append(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        var done = 0
        while done < bytes.count {
            let n = sampleWriteFile(fd, base + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw SampleError.cannotWrite(path: path, reason: sampleSystemError())
            }
            done += n
        }
        offset += UInt64(bytes.count)
    }

    private func write(at position: UInt64, _ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { buffer in
            var done = 0
            while done < buffer.count {
                let n = pwrite(fd, buffer.baseAddress! + done, buffer.count - done, off_t(position) + off_t(done))
                if n < 0 {
                    if errno == EINTR { continue }
                    throw SampleError.cannotWrite(path: path, reason: sampleSystemError())
                }
                done += n
            }
        }
    }
}

/// The bytes of one entry: counted and checksummed as they come, then deflated or stored.
final class SampleZipEntrySink: ByteSink {
    private let zip: SampleZipWriter
    let name: String
    var deflater: DeflateSink?
    private var crc: UInt32 = 0
    private var size: UInt64 = 0
    private var closed = false

    fileprivate init(zip: SampleZipWriter, name: String) {
        self.zip = zip
        self.name = name
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard !closed else { throw SampleError.cannotWrite(path: name, reason: "zip entry already closed") }
        guard bytes.count > 0 else { return }
        crc = crc32Update(crc, bytes)
        size += UInt64(bytes.count)
        if let deflater { try deflater.write(bytes) } else { try zip.append(bytes) }
    }

    func close() throws {
        guard !closed else { return }
        closed = true
        try deflater?.close()
        try zip.endEntry(crc: crc, size: size)
    }
}

/// Where the deflater's output goes: the end of the archive.
private final class SampleZipDataSink: ByteSink {
    private let zip: SampleZipWriter

    init(zip: SampleZipWriter) { self.zip = zip }

    func write(_ bytes: UnsafeRawBufferPointer) throws { try zip.append(bytes) }
    func close() throws {}
}

extension SampleBytes {
    mutating func appendLE16(_ v: UInt16) {
        bytes.append(UInt8(v & 0xFF)); bytes.append(UInt8(v >> 8))
    }

    mutating func appendLE32(_ v: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: v >> UInt32(shift))) }
    }

    mutating func appendLE64(_ v: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: v >> UInt64(shift))) }
    }
}

// The C calls, outside the classes whose methods share their names.
private func sampleOpenForWriting(_ path: String) -> Int32 { open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
private func sampleWriteFile(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int { write(fd, p, n) }
private func sampleCloseFile(_ fd: Int32) -> Int32 { close(fd) }
private func sampleSystemError() -> String { String(cString: strerror(errno)) }
