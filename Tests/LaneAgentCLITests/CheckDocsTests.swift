import Foundation
import LaneAgentTesting
import Testing

/// `deploy/check-docs.py` reports a dead link, a dead anchor, a subcommand and a flag the binary
/// does not have, and a driver missing from the device table or shown at the wrong level. `deploy/dev.sh test` runs it on the repository after the suite: it starts a few
/// hundred `--help` processes, which beside the suite's timing tests once made the demo's
/// network-down truck miss its container read.
@Suite("The docs checker")
struct CheckDocsTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static func check(_ root: String) async throws -> CommandRunner.Output {
        try await CommandRunner.run("/usr/bin/env", ["LANEAGENT_BIN=\(CommandRunner.laneagentPath)", "python3",
                                                     repository + "/deploy/check-docs.py", root])
    }

    @Test("a dead link, a dead anchor, an unknown subcommand, an unknown flag and a wrong or missing driver row are each reported")
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

            | kind | driver | verified |
            |---|---|---|
            | scale | `sma` | third-party |
            | scale | `yaohua-xk3190` | third-party |
            """.write(toFile: tree.file("README.md"), atomically: true, encoding: .utf8)
        let output = try await Self.check(tree.path)
        #expect(output.status == 1)
        let text = output.stdout + output.stderr
        #expect(text.contains("README.md:3:") && text.contains("docs/gone.md"))
        #expect(text.contains("no-such-heading"))
        #expect(text.contains("README.md:7:") && text.contains("nosuchthing"))
        #expect(text.contains("README.md:8:") && text.contains("--no-such-flag"))
        #expect(!text.contains("README.md:6:"), "a command the binary has is not reported")
        #expect(text.contains("README.md:13: driver sma: the table says 'third-party', `laneagent diag drivers` says vendor-table"))
        #expect(text.contains("driver mt-sics (scale) has no row in the device table"))
        #expect(!text.contains("driver yaohua-xk3190"), "a row with the right level is not reported")
    }
}
