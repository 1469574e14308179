import Foundation

/// Swaps two folders in one step. Linux: `renameat2(RENAME_EXCHANGE)` (kernel 3.15; ext4, xfs,
/// btrfs, tmpfs, overlayfs and others). glibc's declaration is not visible to Swift, so the
/// function is looked up by name at run time. macOS: `renamex_np(RENAME_SWAP)`.
///
/// Where the file system refuses the exchange (some network and FUSE file systems), the
/// fallback is two renames: the old folder aside, then the new one in its place. Between the two
/// the folder is briefly missing: a reader finds no report (and tries again) but never a mix.
enum FolderSwap {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Afterwards `a` holds what was at `b` and `b` what was at `a`.
    static func exchange(_ a: String, _ b: String) throws {
        #if os(Linux)
        if let renameat2 = renameat2Function {
            if renameat2(AT_FDCWD, a, AT_FDCWD, b, 2 /* RENAME_EXCHANGE */) == 0 { return }
            let code = errno
            guard code == EINVAL || code == ENOSYS || code == ENOTSUP else {
                throw Failure(description: "cannot swap in the new report: \(String(cString: strerror(code)))")
            }
        }
        #elseif canImport(Darwin)
        if renamex_np(a, b, UInt32(RENAME_SWAP)) == 0 { return }
        let code = errno
        guard code == ENOTSUP || code == EINVAL else {
            throw Failure(description: "cannot swap in the new report: \(String(cString: strerror(code)))")
        }
        #endif
        try twoRenames(a, b)
    }

    /// The fallback: `b` aside, `a` to `b`, the old `b` to `a`.
    static func twoRenames(_ a: String, _ b: String) throws {
        let aside = a.replacingOccurrences(of: ".earshot-staging-", with: ".earshot-old-")
        let old = aside == a ? a + ".old" : aside
        guard rename(b, old) == 0 else {
            throw Failure(description: "cannot move the previous report aside: \(String(cString: strerror(errno)))")
        }
        guard rename(a, b) == 0 else {
            let code = errno
            _ = rename(old, b)
            throw Failure(description: "cannot move the new report in place: \(String(cString: strerror(code)))")
        }
        guard rename(old, a) == 0 else {
            throw Failure(description: "the previous report stays at \(old): \(String(cString: strerror(errno)))")
        }
    }

    #if os(Linux)
    private typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
    private static let renameat2Function: RenameAt2? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: RenameAt2.self)
    }()
    #endif
}
