#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Organizations' details (weekday x hour cells, terms, post links) kept on disk from the moment
/// each is analysed until `org_hours.csv`, `org_terms.csv` and the pages read them back, one
/// organization at a time: held in memory (`OrgDetailsStore`), a few kilobytes each made a run
/// grow with the number of organizations. Encoded as in the cache (`ResultCoding`), appended to
/// one unlinked temporary file beside the results' (`ResultSpill`).
final class DetailsSpill: OrgDetailsShelf, @unchecked Sendable {
    private let lock = NSLock()
    private var fd: Int32 = -1
    private var end = 0
    private var places: [String: (offset: Int, length: Int)] = [:]
    private var firstFailure: Error?

    /// - Parameter folder: where the temporary file goes; it is unlinked at once.
    init(folder: String = NSTemporaryDirectory()) {
        var template = Array((folder.hasSuffix("/") ? folder : folder + "/").utf8CString.dropLast())
        template += Array("earshot-details.XXXXXX".utf8CString)
        fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        if fd >= 0 { template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) } }
    }

    deinit { if fd >= 0 { close(fd) } }

    func keep(_ handle: String, _ details: OrgDetails) -> Bool {
        var w = ByteWriter(capacity: 512)
        ResultCoding.write(details, to: &w)
        let bytes = w.bytes
        lock.lock()
        defer { lock.unlock() }
        guard fd >= 0, writeAll(fd, bytes, at: end) else { return false }
        places[handle] = (end, bytes.count)
        end += bytes.count
        return true
    }

    func fetch(_ handle: String) -> OrgDetails? {
        lock.lock()
        let place = places[handle]
        lock.unlock()
        guard let place else { return nil }
        var bytes = [UInt8](repeating: 0, count: place.length)
        let read = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, place.length, off_t(place.offset)) }
        do {
            guard read == place.length else {
                throw ByteFormatError("the temporary file of organization details could not be read back (@\(handle): \(read < 0 ? String(cString: strerror(errno)) : "cut short"))")
            }
            var r = ByteReader(bytes)
            return try ResultCoding.readOrgDetails(&r)
        } catch {
            lock.withLock { if firstFailure == nil { firstFailure = error } }
            return nil
        }
    }

    var failure: Error? { lock.withLock { firstFailure } }
}
