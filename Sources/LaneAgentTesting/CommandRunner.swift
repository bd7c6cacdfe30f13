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

    /// The `clearance-receiver` binary built beside `laneagent`.
    public static var receiverPath: String {
        URL(fileURLWithPath: laneagentPath).deletingLastPathComponent().appendingPathComponent("clearance-receiver").path
    }

    /// Runs `laneagent` with `arguments` to completion, `input` as its standard input if given.
    public static func laneagent(_ arguments: [String], input: String? = nil) async throws -> Output {
        try await run(laneagentPath, arguments, input: input)
    }

    /// Runs any program to completion.
    public static func run(_ executable: String, _ arguments: [String], input: String? = nil) async throws -> Output {
        let child = try ChildProcess(executable, arguments, input: input)
        let status = await child.wait()
        return Output(status: status, stdout: child.stdout, stderr: child.stderr)
    }
}
