import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An optional accelerator for small gzip files: libdeflate, when the machine has it, inflates a
/// whole file about three times faster than zlib. It is looked up at run time (`dlopen`), so the
/// build needs nothing and a machine without it simply uses zlib.
///
/// Only the plain case is taken: one gzip member (zero padding after it allowed), no header
/// CRC, at most `limit` bytes either side, decompressed in one call. Anything else (several
/// members, damage of any kind, a file that is too big) returns `nil` and the caller reads the
/// file with zlib (`GzipSource`), which then delivers exactly what it always did, errors
/// included: for data both libraries accept they give the same bytes, so the output never
/// depends on which one ran. `EARSHOT_NO_LIBDEFLATE=1` turns the accelerator off.
enum FastGunzip {
    /// The largest compressed file, and the largest content, read whole.
    static let limit = 16 << 20

    private typealias Alloc = @convention(c) () -> OpaquePointer?
    private typealias Free = @convention(c) (OpaquePointer?) -> Void
    private typealias Decompress = @convention(c) (
        OpaquePointer?, UnsafeRawPointer?, Int, UnsafeMutableRawPointer?, Int,
        UnsafeMutablePointer<Int>?, UnsafeMutablePointer<Int>?) -> Int32

    private struct Library: @unchecked Sendable {
        let alloc: Alloc
        let free: Free
        let gunzip: Decompress
    }

    private static let library: Library? = {
        if let off = getenv("EARSHOT_NO_LIBDEFLATE"), String(cString: off) != "", String(cString: off) != "0" { return nil }
        for name in ["libdeflate.so.0", "libdeflate.so", "libdeflate.0.dylib", "libdeflate.dylib"] {
            guard let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) else { continue }
            guard let alloc = dlsym(handle, "libdeflate_alloc_decompressor"),
                  let free = dlsym(handle, "libdeflate_free_decompressor"),
                  let gunzip = dlsym(handle, "libdeflate_gzip_decompress_ex") else { continue }
            return Library(alloc: unsafeBitCast(alloc, to: Alloc.self), free: unsafeBitCast(free, to: Free.self),
                           gunzip: unsafeBitCast(gunzip, to: Decompress.self))
        }
        return nil
    }()

    /// Decompressors kept for the next file (allocating one zeroes tens of KiB, once per file
    /// otherwise); at most one per worker is ever out at a time.
    private final class Spare: @unchecked Sendable {
        private let lock = NSLock()
        private var kept: [OpaquePointer] = []

        func take() -> OpaquePointer? {
            lock.lock()
            defer { lock.unlock() }
            return kept.popLast()
        }

        func give(_ decompressor: OpaquePointer) {
            lock.lock()
            defer { lock.unlock() }
            if kept.count < 64 { kept.append(decompressor) } else { FastGunzip.library?.free(decompressor) }
        }
    }

    private static let spare = Spare()

    /// Whether libdeflate was found (for `make bench` to say which inflate ran).
    static var isAvailable: Bool { library != nil }

    /// The content of a whole gzip file, or `nil` to read it with zlib instead.
    /// - Parameter contentLimit: the largest content taken (it is held in memory whole).
    static func decompress(_ compressed: [UInt8], contentLimit: Int = limit) -> [UInt8]? {
        guard let library, compressed.count >= 18, compressed.count <= limit else { return nil }
        // ID1 ID2, CM = deflate; no header CRC (zlib checks it, libdeflate does not) and no
        // reserved flag bits (zlib rejects them).
        guard compressed[0] == 0x1F, compressed[1] == 0x8B, compressed[2] == 8, compressed[3] & 0xE2 == 0 else { return nil }
        // The trailer's ISIZE: the content's length (modulo 2^32) if this is the only member.
        let n = compressed.count
        let size = Int(compressed[n - 4]) | Int(compressed[n - 3]) << 8 | Int(compressed[n - 2]) << 16 | Int(compressed[n - 1]) << 24
        guard size <= min(limit, contentLimit), let decompressor = spare.take() ?? library.alloc() else { return nil }
        defer { spare.give(decompressor) }
        var consumed = 0
        var produced = 0
        var ok = false
        let content = [UInt8](unsafeUninitializedCapacity: max(size, 1)) { out, initialized in
            let status = compressed.withUnsafeBytes { input in
                library.gunzip(decompressor, input.baseAddress, input.count, out.baseAddress, size, &consumed, &produced)
            }
            // 0: LIBDEFLATE_SUCCESS, with the whole output buffer filled.
            ok = status == 0 && produced == size
            initialized = ok ? size : 0
        }
        guard ok else { return nil }
        // Nothing but zero padding may follow the member (as GzipSource allows).
        guard consumed <= n, compressed[consumed...].allSatisfy({ $0 == 0 }) else { return nil }
        return content
    }
}
