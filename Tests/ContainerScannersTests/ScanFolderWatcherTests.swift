@testable import ContainerScanners
import DeviceKit
import Foundation
import LaneAgentTesting
import LaneModel
import Testing

/// The drop-folder watcher against a real temporary folder: no mocks, no sleeps (time is the
/// `now` passed to each poll; file changes are real writes).
@Suite("scan-folder watcher on a real folder")
struct ScanFolderWatcherTests {
    static let fixtures = DriverFolder.path("ContainerScanners/ScanFolder/Fixtures")
    static let start = Timestamp(rfc3339: "2026-11-23T01:30:00.000Z")!

    static func at(seconds: Int64) -> Timestamp { Timestamp(millisecondsSinceEpoch: start.millisecondsSinceEpoch + seconds * 1000) }

    static func names(_ path: String) -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted() }

    static func json(_ item: ScanFolderItem) -> JSONValue? {
        if case .reading(let reading) = item.content { return RequestFixture.json(reading) }
        return nil
    }

    static func result(_ scanId: String, image: ScanImageSource = .none) -> [UInt8] {
        ScanResultSimulator.body(scanId: scanId, verdict: .clear, containers: ["CSQU3054383"], time: start, image: image)
    }

    @Test("the fixture folder: readings with images loaded, a rejection, then done/ and rejected/")
    func fixtureFolder() throws {
        let folder = TemporaryDirectory("scan-folder")
        for name in Self.names(Self.fixtures) where name != "expected.jsonl" {
            try FileManager.default.copyItem(atPath: "\(Self.fixtures)/\(name)", toPath: folder.file(name))
        }
        var watcher = ScanFolderWatcher(folder: folder.path, device: "xray-2")
        #expect(try watcher.poll(now: Self.at(seconds: 0)).isEmpty, "first sighting: not yet known to be complete")
        let items = try watcher.poll(now: Self.at(seconds: 1))

        let expected = try String(contentsOfFile: "\(Self.fixtures)/expected.jsonl", encoding: .utf8)
            .split(separator: "\n").map { try JSONParser.parse(Array($0.utf8)) }
        #expect(items.map(\.file) == expected.compactMap { $0["file"]?.stringValue })
        for (item, want) in zip(items, expected) {
            #expect(item.imageFile == want["imageFile"]?.stringValue, "\(item.file)")
            if let reading = want["reading"] {
                #expect(Self.json(item) == reading, "\(item.file)")
            } else if case .rejection(let rejection) = item.content {
                #expect(rejection.reason.contains(want["rejection"]!.stringValue!), "\(item.file): \(rejection.reason)")
                #expect(rejection.excerpt != nil, "scan results are not personal: the rejection quotes the file")
            } else {
                Issue.record("\(item.file) was accepted, expected a rejection")
            }
        }
        #expect(try watcher.poll(now: Self.at(seconds: 2)).isEmpty, "handed-out items are not returned twice")

        for item in items { try watcher.settle(item) }
        #expect(Self.names(folder.path) == ["README-scanner-notes.txt", "SOURCES.md", "done", "rejected"], "files that are not results stay where they are")
        #expect(Self.names(folder.file("done")) == ["SCAN-0101.jpg", "SCAN-0101.json", "SCAN-0102.json", "SCAN-0104.JSON"])
        #expect(Self.names(folder.file("rejected")) == ["SCAN-0103.json", "SCAN-0103.json.reason.txt"])
        let reason = try String(contentsOfFile: folder.file("rejected/SCAN-0103.json.reason.txt"), encoding: .utf8)
        #expect(reason.contains("verdict"))

        // A restart: a new watcher on the same folder finds nothing to read.
        var restarted = ScanFolderWatcher(folder: folder.path, device: "xray-2")
        #expect(try restarted.poll(now: Self.at(seconds: 10)).isEmpty)
        #expect(try restarted.poll(now: Self.at(seconds: 11)).isEmpty)
    }

    @Test("a file whose modification time no calendar can write is refused once, not a crash at every start", arguments: [
        Date(timeIntervalSince1970: 1e15), Date(timeIntervalSince1970: 9.2e15), Date(timeIntervalSince1970: -1e13),
    ])
    func impossibleFileTime(_ modified: Date) throws {
        // ext4 clamps times to the year 2446; tmpfs keeps what it is given, as a scanner's own
        // file system or a network share may.
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let folder = URL(fileURLWithPath: base).appendingPathComponent("laneagent-scan-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/FUTURE-1.json"
        #expect(FileManager.default.createFile(atPath: path, contents: Data(Self.result("FUTURE-1"))))
        // touch -d far in the future, as a scanner with a broken clock (or an attacker) can.
        try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: path)
        let stored = try #require(try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date)
        try #require(!Timestamp.isRepresentable(stored), "the file system kept \(stored), not the impossible time")
        var watcher = ScanFolderWatcher(folder: folder, device: "xray-2")
        _ = try watcher.poll(now: Self.at(seconds: 0))
        let items = try watcher.poll(now: Self.at(seconds: 1))
        guard case .rejection(let rejection)? = items.first?.content else { Issue.record("not refused: \(items)"); return }
        #expect(rejection.reason.contains("modification time"))
        for item in items { try watcher.settle(item) }
        var restarted = ScanFolderWatcher(folder: folder, device: "xray-2")
        #expect(try restarted.poll(now: Self.at(seconds: 2)).isEmpty && restarted.poll(now: Self.at(seconds: 3)).isEmpty,
                "moved to rejected/: refused once")
    }

    @Test("a file still being written is not read until it stayed the same for a poll")
    func halfWritten() throws {
        let folder = TemporaryDirectory("scan-folder")
        let body = Self.result("SLOW-1")
        let path = folder.file("SLOW-1.json")
        var watcher = ScanFolderWatcher(folder: folder.path, device: "xray-2")
        #expect(FileManager.default.createFile(atPath: path, contents: Data(body.prefix(10))))
        #expect(try watcher.poll(now: Self.at(seconds: 0)).isEmpty)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data(body[10..<30]))
        #expect(try watcher.poll(now: Self.at(seconds: 1)).isEmpty, "grew since the last poll")
        handle.write(Data(body[30...]))
        try handle.close()
        #expect(try watcher.poll(now: Self.at(seconds: 2)).isEmpty, "grew since the last poll")
        let items = try watcher.poll(now: Self.at(seconds: 3))
        #expect(items.map(\.file) == ["SLOW-1.json"])
        guard case .reading(let reading)? = items.first?.content else { Issue.record("not a reading: \(items)"); return }
        #expect(reading.detail == .scan(ScanResult(scanId: "SLOW-1", verdict: .clear, containers: ["CSQU3054383"], operatorName: nil)))
    }

    @Test("a writer that pauses mid-file is waited for; cut-off JSON is refused only after the grace period")
    func pausedWriter() throws {
        let folder = TemporaryDirectory("scan-folder")
        let body = Self.result("PAUSE-1")
        let path = folder.file("PAUSE-1.json")
        var watcher = ScanFolderWatcher(folder: folder.path, device: "xray-2", graceMilliseconds: 30_000)
        #expect(FileManager.default.createFile(atPath: path, contents: Data(body.prefix(25))))
        #expect(try watcher.poll(now: Self.at(seconds: 0)).isEmpty)
        #expect(try watcher.poll(now: Self.at(seconds: 1)).isEmpty, "stable but cut off: waits")
        #expect(try watcher.poll(now: Self.at(seconds: 20)).isEmpty, "still inside the grace period")
        let items = try watcher.poll(now: Self.at(seconds: 31))
        guard case .rejection(let rejection)? = items.first?.content else { Issue.record("not refused: \(items)"); return }
        #expect(rejection.reason.contains("not JSON") && rejection.reason.contains("unchanged for 30 s"), "\(rejection.reason)")

        // The same pause, but the writer finishes within the grace period.
        let second = folder.file("PAUSE-2.json")
        let body2 = Self.result("PAUSE-2")
        #expect(FileManager.default.createFile(atPath: second, contents: Data(body2.prefix(25))))
        #expect(try watcher.poll(now: Self.at(seconds: 40)).isEmpty)
        #expect(try watcher.poll(now: Self.at(seconds: 41)).isEmpty)
        #expect(FileManager.default.createFile(atPath: second, contents: Data(body2)))
        #expect(try watcher.poll(now: Self.at(seconds: 50)).isEmpty)
        let finished = try watcher.poll(now: Self.at(seconds: 51))
        #expect(finished.map(\.file) == ["PAUSE-2.json"])
        #expect(Self.json(finished[0]) != nil)
    }

    @Test("a result whose image is not there yet waits for it; one whose image never comes is refused")
    func imageArrivesLater() throws {
        let folder = TemporaryDirectory("scan-folder")
        var watcher = ScanFolderWatcher(folder: folder.path, device: "xray-2", graceMilliseconds: 60_000)
        try ScanFolderWriter.write(result: Self.result("IMG-1", image: .file("IMG-1.tif")), named: "IMG-1.json", into: folder.path)
        try ScanFolderWriter.write(result: Self.result("IMG-2", image: .file("IMG-2.jpg")), named: "IMG-2.json", into: folder.path)
        #expect(try watcher.poll(now: Self.at(seconds: 0)).isEmpty)
        #expect(try watcher.poll(now: Self.at(seconds: 1)).isEmpty, "IMG-1.tif is not there yet")
        let tiff: [UInt8] = [0x49, 0x49, 0x2A, 0x00] + Array(repeating: 7, count: 500)
        try ScanFolderWriter.writeAtomically(tiff, to: folder.file("IMG-1.tif"), folder: folder.path)
        #expect(try watcher.poll(now: Self.at(seconds: 2)).isEmpty, "the image is new: wait one poll for it too")
        let items = try watcher.poll(now: Self.at(seconds: 3))
        #expect(items.map(\.file) == ["IMG-1.json"])
        guard case .reading(let reading)? = items.first?.content else { Issue.record("not a reading: \(items)"); return }
        #expect(reading.evidence == [EvidenceItem(role: "scan", mediaType: "image/tiff", bytes: tiff, personal: false)])
        #expect(items.first?.imageFile == "IMG-1.tif")

        let late = try watcher.poll(now: Self.at(seconds: 61))
        #expect(late.map(\.file) == ["IMG-2.json"])
        guard case .rejection(let rejection)? = late.first?.content else { Issue.record("not refused: \(late)"); return }
        #expect(rejection.reason.contains("imageFile: IMG-2.jpg is not in the folder"), "\(rejection.reason)")
        for item in items + late { try watcher.settle(item) }
        #expect(Self.names(folder.file("done")) == ["IMG-1.json", "IMG-1.tif"])
        #expect(Self.names(folder.file("rejected")) == ["IMG-2.json", "IMG-2.json.reason.txt"])
    }

    @Test("an item not settled is read again after a restart: at least once, never lost")
    func unsettledAfterRestart() throws {
        let folder = TemporaryDirectory("scan-folder")
        try ScanFolderWriter.write(result: Self.result("R-1"), named: "R-1.json", into: folder.path)
        var watcher = ScanFolderWatcher(folder: folder.path, device: "xray-2")
        _ = try watcher.poll(now: Self.at(seconds: 0))
        #expect(try watcher.poll(now: Self.at(seconds: 1)).count == 1)
        var restarted = ScanFolderWatcher(folder: folder.path, device: "xray-2")
        _ = try restarted.poll(now: Self.at(seconds: 5))
        #expect(try restarted.poll(now: Self.at(seconds: 6)).map(\.file) == ["R-1.json"])
    }

    @Test("a scanner that reuses a file name never overwrites what done/ holds")
    func reusedNames() throws {
        let folder = TemporaryDirectory("scan-folder")
        var watcher = ScanFolderWatcher(folder: folder.path, device: "xray-2")
        for round in 0..<3 {
            try ScanFolderWriter.write(result: Self.result("SAME-\(round)"), named: "result.json", into: folder.path)
            _ = try watcher.poll(now: Self.at(seconds: Int64(round * 10)))
            let items = try watcher.poll(now: Self.at(seconds: Int64(round * 10 + 1)))
            #expect(items.count == 1)
            for item in items { try watcher.settle(item) }
        }
        #expect(Self.names(folder.file("done")) == ["result-2.json", "result-3.json", "result.json"])
        let third = try String(contentsOfFile: folder.file("done/result-3.json"), encoding: .utf8)
        #expect(third.contains("SAME-2"))
    }

    @Test("hidden files, subfolders and other files are left alone; the atomic writer leaves no temporary file")
    func ignoredFiles() throws {
        let folder = TemporaryDirectory("scan-folder")
        try Data("{\"scanId\":".utf8).write(to: URL(fileURLWithPath: folder.file(".partial.json")))
        try FileManager.default.createDirectory(atPath: folder.file("archive.json"), withIntermediateDirectories: false)
        try Data("x".utf8).write(to: URL(fileURLWithPath: folder.file("notes.txt")))
        try ScanFolderWriter.write(result: Self.result("W-1", image: .file("W-1.jpg")), named: "W-1.json",
                                   image: ScanResultSimulator.syntheticImage(size: 1000), imageName: "W-1.jpg", into: folder.path)
        #expect(Self.names(folder.path) == [".partial.json", "W-1.jpg", "W-1.json", "archive.json", "notes.txt"])
        var watcher = ScanFolderWatcher(folder: folder.path, device: "xray-2")
        _ = try watcher.poll(now: Self.at(seconds: 0))
        let items = try watcher.poll(now: Self.at(seconds: 1))
        #expect(items.map(\.file) == ["W-1.json"])
        for item in items { try watcher.settle(item) }
        #expect(Self.names(folder.path) == [".partial.json", "archive.json", "done", "notes.txt", "rejected"])
    }

    @Test("symbolic links are never followed: an image linked outside and a result file that is a link are refused, moved to rejected/ once")
    func symbolicLinks() throws {
        let folder = TemporaryDirectory("scan-folder")
        let outside = TemporaryDirectory("outside")
        let secret = outside.file("secret.jpg")
        let secretBytes: [UInt8] = [0xFF, 0xD8] + Array("not the scanner's: a file outside the drop folder".utf8) + [0xFF, 0xD9]
        try Data(secretBytes).write(to: URL(fileURLWithPath: secret))
        // A result whose image is a link to a file outside the folder.
        try ScanFolderWriter.write(result: Self.result("LINK-1", image: .file("LINK-1.jpg")), named: "LINK-1.json", into: folder.path)
        #expect(symlink(secret, folder.file("LINK-1.jpg")) == 0)
        // Result files that are themselves links: to a valid result outside, and to /etc/passwd.
        try Data(Self.result("LINK-2")).write(to: URL(fileURLWithPath: outside.file("real.json")))
        #expect(symlink(outside.file("real.json"), folder.file("LINK-2.json")) == 0)
        #expect(symlink("/etc/passwd", folder.file("passwd.json")) == 0)

        var watcher = ScanFolderWatcher(folder: folder.path, device: "xray-2")
        #expect(try watcher.poll(now: Self.at(seconds: 0)).isEmpty)
        let items = try watcher.poll(now: Self.at(seconds: 1))
        #expect(items.map(\.file) == ["LINK-1.json", "LINK-2.json", "passwd.json"], "refused at once, not waited for")
        for item in items {
            guard case .rejection(let rejection) = item.content else { Issue.record("\(item.file) was read: \(item)"); continue }
            #expect(rejection.reason.contains("is a symbolic link, not a regular file; not followed"), "\(item.file): \(rejection.reason)")
            if item.file != "LINK-1.json" { #expect(rejection.excerpt == nil, "\(item.file): nothing of what it points to is quoted") }
        }
        #expect(items.first?.imageFile == "LINK-1.jpg", "the link goes to rejected/ with its result")
        for item in items { try watcher.settle(item) }

        let rejected = folder.file("rejected")
        #expect(Self.names(rejected) == ["LINK-1.jpg", "LINK-1.json", "LINK-1.json.reason.txt", "LINK-2.json", "LINK-2.json.reason.txt",
                                         "passwd.json", "passwd.json.reason.txt"])
        for link in ["LINK-1.jpg", "LINK-2.json", "passwd.json"] {
            let type = try FileManager.default.attributesOfItem(atPath: "\(rejected)/\(link)")[.type] as? FileAttributeType
            #expect(type == .typeSymbolicLink, "\(link): the link was moved, not what it points to")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: secret)) == Data(secretBytes), "the outside file stays where it was")
        #expect(Self.names(folder.path) == ["done", "rejected"])
        var restarted = ScanFolderWatcher(folder: folder.path, device: "xray-2")
        #expect(try restarted.poll(now: Self.at(seconds: 10)).isEmpty && restarted.poll(now: Self.at(seconds: 11)).isEmpty, "refused once")
    }

    @Test("the read itself refuses a link swapped in after the listing, a FIFO and an oversize file: O_NOFOLLOW and fstat on the descriptor")
    func readRefusesWhatIsNotARegularFile() throws {
        let folder = TemporaryDirectory("scan-folder")
        let path = folder.file("SWAP-1.json")
        let body = Self.result("SWAP-1")
        try Data(body).write(to: URL(fileURLWithPath: path))
        #expect(ScanFolderWatcher.readRegularFile(path, limit: 1 << 20) == .read(body))
        #expect(ScanFolderWatcher.readRegularFile(path, limit: body.count - 1) == .refused("has \(body.count) bytes, above the \(body.count - 1)-byte limit"))

        // The scanner's side swaps a link in where a listed file was.
        #expect(unlink(path) == 0 && symlink("/etc/passwd", path) == 0)
        #expect(ScanFolderWatcher.readRegularFile(path, limit: 1 << 20) == .refused("is a symbolic link, not a regular file; not followed"))
        // A FIFO would block a plain open until a writer came; it is opened non-blocking and refused.
        let fifo = folder.file("FIFO-1.json")
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(ScanFolderWatcher.readRegularFile(fifo, limit: 1 << 20) == .refused("is not a regular file; not read"))
        #expect(ScanFolderWatcher.readRegularFile(folder.file("gone.json"), limit: 1 << 20) == .missing)
    }

    @Test("a missing folder is LA-SCANFOLDER-001 with advice; a file in its place is LA-SCANFOLDER-002")
    func missingFolder() throws {
        let folder = TemporaryDirectory("scan-folder")
        var watcher = ScanFolderWatcher(folder: folder.file("not-mounted"), device: "xray-2")
        do {
            _ = try watcher.poll(now: Self.start)
            Issue.record("polled a missing folder")
        } catch {
            #expect(error.code == "LA-SCANFOLDER-001")
            #expect(error.description.contains("not-mounted") && error.description.contains("[[devices]]"), "\(error)")
            #expect(error.isUsageError)
        }
        try Data("x".utf8).write(to: URL(fileURLWithPath: folder.file("a-file")))
        #expect(throws: ScanFolderError.self) { try ScanFolderWatcher(folder: folder.file("a-file"), device: "xray-2").check() }
        do { try ScanFolderWatcher(folder: folder.file("a-file"), device: "xray-2").check() } catch { #expect(error.code == "LA-SCANFOLDER-002") }
    }

    @Test("a folder the agent may not write is LA-SCANFOLDER-002", .enabled(if: getuid() != 0, "root ignores permissions"))
    func permissionDenied() throws {
        let folder = TemporaryDirectory("scan-folder")
        let locked = folder.file("locked")
        try FileManager.default.createDirectory(atPath: locked, withIntermediateDirectories: false)
        chmod(locked, 0o500)
        defer { chmod(locked, 0o700) }
        do { try ScanFolderWatcher(folder: locked, device: "xray-2").check(); Issue.record("accepted a read-only folder") } catch {
            #expect(error.code == "LA-SCANFOLDER-002")
            #expect(error.description.contains("permission"))
        }
    }
}
