import Crypto
import Foundation

/// The envelope of every file Earshot keeps between runs (cache entries, partial results):
///
///     "EARSHOT\n"  kind (a string)  format version (varint)  body  SHA-256 of all before it
///
/// A file with another magic, kind or format version, or whose checksum does not match (cut
/// short, edited, a disk error), is refused with a reason; the reader then ignores it (the
/// cache) or stops (a merge). Files are written to a temporary name and renamed into place, so
/// a reader never sees half of one.
enum StoredFile {
    static let magic = Array("EARSHOT\n".utf8)
    /// Raised whenever the body's layout changes.
    /// 2: the lexicon carries its promotional rule and rule-v2 sections; a promotional
    /// example's reasons are a part and a phrase each (issue 20).
    /// 3: FileCounts.ignored (Bluesky collections that hold no posts).
    /// 4: an organization's details (weekday x hour, terms, post links) after its result.
    static let formatVersion: UInt64 = 4

    struct Refused: Error, CustomStringConvertible {
        var description: String
    }

    static func seal(kind: String, body: (inout ByteWriter) -> Void) -> [UInt8] {
        var w = ByteWriter()
        w.raw(magic)
        w.string(kind)
        w.unsigned(formatVersion)
        body(&w)
        var bytes = w.bytes
        bytes += SHA256.digest(bytes)
        return bytes
    }

    /// A reader positioned at the body, after every check.
    static func open(_ bytes: [UInt8], kind: String) throws -> ByteReader {
        guard bytes.count > magic.count + 32, Array(bytes[0..<magic.count]) == magic else {
            throw Refused(description: "not an Earshot file")
        }
        let content = bytes[0..<(bytes.count - 32)]
        guard Array(bytes[(bytes.count - 32)...]) == SHA256.digest(content) else {
            throw Refused(description: "checksum mismatch (damaged or cut short)")
        }
        var r = ByteReader(Array(content), from: magic.count)
        let found: String
        let version: UInt64
        do {
            found = try r.string()
            version = try r.unsigned()
        } catch {
            throw Refused(description: "damaged header")
        }
        guard found == kind else { throw Refused(description: "holds a `\(found)`, not a `\(kind)`") }
        guard version == formatVersion else {
            throw Refused(description: "format version \(version), this earshot reads version \(formatVersion)")
        }
        return r
    }

    static func read(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Refused(description: "cannot read \(path)")
        }
        return [UInt8](data)
    }

    /// Writes `bytes` to `path` through a temporary file in the same folder.
    static func write(_ bytes: [UInt8], to path: String) throws {
        try FileManager.default.createDirectory(atPath: OutputFolder.parentAndName(path).parent, withIntermediateDirectories: true)
        let temporary = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes)) else {
            throw Refused(description: "cannot write \(temporary)")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw Refused(description: "cannot write \(path): \(reason)")
        }
    }
}
