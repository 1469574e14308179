#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes all of `bytes` at `offset` of the open file `fd` (`pwrite` may write less than asked,
/// and is retried after a signal); false on an error, with `errno` set. The temporary files of
/// the spills are written this way, so a short write is never taken for a whole one.
func writeAll(_ fd: Int32, _ bytes: [UInt8], at offset: Int) -> Bool {
    bytes.withUnsafeBytes { raw in
        var done = 0
        while done < raw.count {
            let n = pwrite(fd, raw.baseAddress! + done, raw.count - done, off_t(offset + done))
            if n < 0 {
                if errno == EINTR { continue }
                return false
            }
            done += n
        }
        return true
    }
}
