import Foundation

/// Runs the built `laneagent` executable as a user would, capturing its output.
public enum CommandRunner {
    /// What a finished command printed and how it exited.
    public struct Output: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// The `laneagent` binary of this build: `$LANEAGENT_BIN`, or next to the test bundle.
    public static var laneagentPath: String {
        if let path = ProcessInfo.processInfo.environment["LANEAGENT_BIN"] { return path }
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("laneagent").path,
            Bundle.main.bundleURL.appendingPathComponent("laneagent").path,
            FileManager.default.currentDirectoryPath + "/.build/debug/laneagent",
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }

    /// Runs `laneagent` with `arguments` to completion.
    public static func laneagent(_ arguments: [String]) throws -> Output {
        try run(laneagentPath, arguments)
    }

    /// Runs any program to completion.
    public static func run(_ executable: String, _ arguments: [String]) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes before waiting, or a chatty child blocks on a full pipe.
        nonisolated(unsafe) var errData = Data()
        let errReader = Thread { errData = err.fileHandleForReading.readDataToEndOfFile() }
        errReader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errReader.isFinished { usleep(1000) }
        return Output(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}
