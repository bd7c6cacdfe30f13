import Foundation
import LaneAgentTesting
import Testing

/// `deploy/check-docs.py` (run by `deploy/dev.sh test`) passes on the repository's docs and
/// reports a dead link, a dead anchor, a subcommand and a flag the binary does not have.
@Suite("The docs checker")
struct CheckDocsTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static func check(_ root: String) async throws -> CommandRunner.Output {
        try await CommandRunner.run("/usr/bin/env", ["LANEAGENT_BIN=\(CommandRunner.laneagentPath)", "python3",
                                                     repository + "/deploy/check-docs.py", root])
    }

    @Test("the repository's README, docs and driver READMEs have no dead link and no command the binaries lack")
    func repositoryPasses() async throws {
        let output = try await Self.check(Self.repository)
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
    }

    @Test("a dead link, a dead anchor, an unknown subcommand and an unknown flag are each reported with file and line")
    func plantedProblems() async throws {
        let tree = TemporaryDirectory("docs")
        try FileManager.default.createDirectory(atPath: tree.file("docs"), withIntermediateDirectories: true)
        try "# Page\n\n## Real heading\n".write(toFile: tree.file("docs/page.md"), atomically: true, encoding: .utf8)
        try """
            # Title

            See [the page](docs/page.md#real-heading), [gone](docs/gone.md) and [no anchor](docs/page.md#no-such-heading).

            ```sh
            laneagent config check /etc/laneagent/agent.toml
            laneagent diag nosuchthing
            laneagent journal export --no-such-flag
            ```
            """.write(toFile: tree.file("README.md"), atomically: true, encoding: .utf8)
        let output = try await Self.check(tree.path)
        #expect(output.status == 1)
        let text = output.stdout + output.stderr
        #expect(text.contains("README.md:3:") && text.contains("docs/gone.md"))
        #expect(text.contains("no-such-heading"))
        #expect(text.contains("README.md:7:") && text.contains("nosuchthing"))
        #expect(text.contains("README.md:8:") && text.contains("--no-such-flag"))
        #expect(!text.contains("README.md:6:"), "a command the binary has is not reported")
    }
}
