import EarshotFuzzTargets
import Foundation

// A libFuzzer driver for `make fuzz` (fuzz/README.md). In the fuzz build (fuzz/run.sh) this
// module's entry point is renamed (`-entry-point-function-name`), so libFuzzer's own `main`
// runs and calls `LLVMFuzzerTestOneInput`. Where an executable's `main` is kept (a plain
// `swift build`, or a toolchain that links `<Target>_main` as `main`), this `main` hands the
// arguments to `LLVMFuzzerRunDriver`, looked up at run time so that a build without libFuzzer
// links too and only says how to build it. The target comes from EARSHOT_FUZZ_TARGET (detector, csv, xml, json, zip, header-map).

typealias Callback = @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
typealias RunDriver = @convention(c) (UnsafeMutablePointer<Int32>, UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>, Callback) -> Int32

/// libFuzzer's entry for each input (its own `main` calls it in the fuzz build).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = size > 0 && data != nil ? Array(UnsafeBufferPointer(start: data, count: size)) : []
    FuzzDriver.chosen.run(bytes)
    return 0
}

@main
enum FuzzDriver {
    /// The target named by EARSHOT_FUZZ_TARGET (the process stops with a message otherwise).
    static let chosen: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["EARSHOT_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            FileHandle.standardError.write(Data("earshot-fuzz: set EARSHOT_FUZZ_TARGET to one of \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))\n".utf8))
            exit(64)
        }
        return target
    }()

    nonisolated(unsafe) static var target = FuzzTarget.detector

    static func main() {
        let name = ProcessInfo.processInfo.environment["EARSHOT_FUZZ_TARGET"] ?? ""
        guard let chosen = FuzzTarget(rawValue: name) else {
            FileHandle.standardError.write(Data("earshot-fuzz: set EARSHOT_FUZZ_TARGET to one of \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))\n".utf8))
            exit(64)
        }
        FuzzDriver.target = chosen

        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "LLVMFuzzerRunDriver") else {
            FileHandle.standardError.write(Data("earshot-fuzz: not built with libFuzzer: use `make fuzz` (swift build --sanitize=fuzzer)\n".utf8))
            exit(69)
        }
        let driver = unsafeBitCast(symbol, to: RunDriver.self)
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        let status = driver(&argc, &argv) { data, size in
            let bytes = size > 0 && data != nil ? Array(UnsafeBufferPointer(start: data, count: size)) : []
            FuzzDriver.target.run(bytes)
            return 0
        }
        exit(status)
    }
}
