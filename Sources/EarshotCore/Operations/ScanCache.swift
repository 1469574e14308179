import Foundation

/// The scan (format and owner of every file, from its first 64 KiB) is half of a rerun where
/// nothing changed, so the cache keeps it too: `DIR/scans.entry`, one record per file found,
/// used for a file whose path, size, time and organization hints (name, folder) are unchanged.
/// A file that changed is scanned again, as are all of them after a program change.
extension ResultCache {
    struct ScanRecord {
        var file: ExportFile
        var size: Int64
        var modified: Int64
        var result: Result<ScannedFile, SkippedFileError>
    }

    /// `pipeline.scan`, taking each unchanged file's result from the cache.
    func scan(_ exportFiles: [ExportFile], with pipeline: Pipeline) -> (files: [ScannedFile], skipped: [SkippedFile]) {
        let known = enabled ? loadScans() : [:]
        let prints = parallelMap(count: exportFiles.count, threads: pipeline.threads) { i in
            self.fingerprints.fingerprint(exportFiles[i].path)
        }
        var results: [Result<ScannedFile, SkippedFileError>?] = Array(repeating: nil, count: exportFiles.count)
        var missing: [Int] = []
        for (i, file) in exportFiles.enumerated() {
            if let record = known[file.path], record.file == file, let now = prints[i], now.size == record.size, now.modified == record.modified {
                results[i] = record.result
            } else {
                missing.append(i)
            }
        }
        let toScan = missing
        let fresh = parallelMap(count: toScan.count, threads: pipeline.threads) { k in pipeline.readers.scan(exportFiles[toScan[k]]) }
        for (k, i) in missing.enumerated() { results[i] = fresh[k] }
        var files: [ScannedFile] = []
        var skipped: [SkippedFile] = []
        var records: [ScanRecord] = []
        for (i, result) in results.enumerated() {
            guard let result else { continue }
            switch result {
            case let .success(file): files.append(file)
            case let .failure(error): skipped.append(error.skipped)
            }
            if let now = prints[i] {
                records.append(ScanRecord(file: exportFiles[i], size: now.size, modified: now.modified, result: result))
            }
        }
        if enabled, !missing.isEmpty || records.count != known.count { storeScans(records) }
        return (files, skipped)
    }

    private var scansPath: String { folder + "/scans.entry" }

    private func loadScans() -> [String: ScanRecord] {
        guard let data = FileManager.default.contents(atPath: scansPath) else { return [:] }
        do {
            var r = try StoredFile.open([UInt8](data), kind: "scans")
            guard Array(try r.raw(32)) == programKey else { return [:] }
            var records: [String: ScanRecord] = [:]
            for record in try r.array({ try Self.readScan(&$0) }) { records[record.file.path] = record }
            return records
        } catch {
            logger.warning("cache entry \(scansPath) ignored: \(error); every file is scanned again")
            return [:]
        }
    }

    private func storeScans(_ records: [ScanRecord]) {
        let bytes = StoredFile.seal(kind: "scans") { w in
            w.raw(programKey)
            w.array(records) { w, record in
                let f = record.file
                w.string(f.path); w.string(f.displayPath)
                w.optional(f.orgFromName) { $0.string($1) }
                w.optional(f.orgFromPath) { $0.string($1) }
                w.int64(record.size); w.int64(record.modified)
                switch record.result {
                case let .success(scanned):
                    w.u8(0)
                    ResultCoding.write(scanned, to: &w)
                case let .failure(error):
                    w.u8(1)
                    w.string(error.skipped.path); w.string(error.skipped.reason)
                }
            }
        }
        do { try StoredFile.write(bytes, to: scansPath) } catch { logger.warning("cache \(folder): scans not written (\(error))") }
    }

    private static func readScan(_ r: inout ByteReader) throws -> ScanRecord {
        let file = ExportFile(path: try r.string(), displayPath: try r.string(), orgFromName: try r.optional { try $0.string() },
                              orgFromPath: try r.optional { try $0.string() })
        let size = try r.int64(), modified = try r.int64()
        let result: Result<ScannedFile, SkippedFileError>
        switch try r.u8() {
        case 0: result = .success(try ResultCoding.readScannedFile(&r))
        case 1: result = .failure(SkippedFileError(skipped: SkippedFile(path: try r.string(), reason: try r.string())))
        default: throw ByteFormatError("bad scan record")
        }
        return ScanRecord(file: file, size: size, modified: modified, result: result)
    }
}
