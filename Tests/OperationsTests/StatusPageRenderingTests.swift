import Foundation
import LaneAgentTesting
import Testing

/// The lane status page as a technician's phone shows it: headless Chromium renders the page of
/// a running daemon after a scripted run; the screenshots are kept under `.build/artifacts/` for
/// CI to publish, and the rendered DOM must show the lane and its last decisions with reasons.
@Suite("Lane status page in a browser", .timeLimit(.minutes(3)))
struct StatusPageRenderingTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
    static let artifacts = RepositoryFolder.root.appendingPathComponent(".build/artifacts")

    @Test("rendered by headless Chromium at phone size: lane P1, its referrals with their reasons, the officer's CLEAR",
          .enabled(if: chromium != nil, "chromium is not installed (apt-get install -y chromium): the status page is not rendered"))
    func renderedOnAPhone() async throws {
        let chromium = try #require(Self.chromium)
        let run = try await ScriptedLaneRun()
        defer { run.daemon.signal(SIGTERM) }
        try await run.play()
        try FileManager.default.createDirectory(at: Self.artifacts, withIntermediateDirectories: true)
        let profile = TemporaryDirectory("chromium")
        let common = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--user-data-dir=\(profile.path)"]

        let dom = try await CommandRunner.run(chromium, common + ["--dump-dom", run.admin + "/"])
        #expect(dom.status == 0, "\(dom.stderr)")
        for expected in ["Lane P1", "READY", "waiting-for-officer", "REFER", "face.match</b> fail", "clock.synced", "CLEAR</span> by officer BL-0042",
                         "checked by hand against &lt;the passport&gt;", "face-1", "2 frames", "last seq"] {
            #expect(dom.stdout.contains(expected), "the rendered page lacks \(expected)")
        }
        #expect(!dom.stdout.contains("<the passport>"), "an officer's reason must not become markup")
        #expect(dom.stdout.components(separatedBy: "by officer").count - 1 == 1, "only the overridden crossing names an officer")

        for (name, size) in [("status-page.png", "412,900"), ("status-page-full.png", "412,1900")] {
            let file = Self.artifacts.appendingPathComponent(name).path
            try? FileManager.default.removeItem(atPath: file)
            let shot = try await CommandRunner.run(chromium, common + ["--screenshot=\(file)", "--window-size=\(size)", run.admin + "/"])
            #expect(shot.status == 0, "\(shot.stderr)")
            let png = try #require(FileManager.default.contents(atPath: file), "no screenshot at \(file)")
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(file) is not a PNG")
            print("status page screenshot: \(file) (\(png.count) bytes, window \(size))")
        }
        #expect(await run.stop() == 0)
    }
}
