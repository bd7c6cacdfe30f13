import DeviceKit
import Foundation
import LaneModel

/// Watches a scanner's drop folder for result files (`*.json`, the `generic-scan-json` fields,
/// with `imageFile` naming an image beside it). The agent calls `poll(now:)` on its interval,
/// journals each item, then `settle(_:)`s it: the files move to `done/` or `rejected/` inside
/// the folder, so nothing is deleted and a restart does not read them again.
///
/// A file is read only once its size and modification time were the same in two successive
/// polls, so a half-written file is never read; writers that write under a hidden name and
/// rename into `*.json` are safe as well.
///
/// Files are opened with `O_NOFOLLOW` and checked with `fstat` on the open descriptor, so a
/// symbolic link (listed, or swapped in after the listing) is never followed: its item is
/// refused and the link moved to `rejected/`.
public struct ScanFolderWatcher: Sendable {
    /// Where processed results go, inside the folder.
    public static let doneFolder = "done"
    /// Where refused results go, each with a `.reason.txt` beside it.
    public static let rejectedFolder = "rejected"

    public let folder: String
    /// The configured device id the readings carry.
    public let device: String
    /// How long a complete-looking result may stay unreadable (empty, cut-off JSON, its image
    /// missing) before it is refused rather than waited for.
    public let graceMilliseconds: Int64
    /// Result and image files above this size are refused rather than read into memory.
    public let maximumFileBytes: Int

    private var previous: [String: FileState] = [:]
    private var handedOut: Set<String> = []
    private var incompleteSince: [String: Timestamp] = [:]

    public init(folder: String, device: String, graceMilliseconds: Int64 = 60_000, maximumFileBytes: Int = 128 << 20) {
        self.folder = folder
        self.device = device
        self.graceMilliseconds = graceMilliseconds
        self.maximumFileBytes = maximumFileBytes
    }

    /// Checks that the folder exists and the agent may list, read and write it, and creates
    /// `done/` and `rejected/`. `poll` does the same; call this at start-up for an early fault.
    public func check() throws(ScanFolderError) {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: folder, isDirectory: &isDirectory) else { throw .missing(folder) }
        guard isDirectory.boolValue else { throw .notAccessible(folder, "it is a file, not a folder") }
        guard manager.isReadableFile(atPath: folder), manager.isWritableFile(atPath: folder), manager.isExecutableFile(atPath: folder)
        else { throw .notAccessible(folder, "permission denied (read, write and search are needed)") }
        for name in [Self.doneFolder, Self.rejectedFolder] {
            do { try manager.createDirectory(atPath: path(name), withIntermediateDirectories: true) } catch {
                throw .notAccessible(folder, "cannot create \(name)/: \(error.localizedDescription)")
            }
        }
    }

    /// The results that became ready since the last poll. Each is returned once per run; an
    /// item not settled is read again after a restart (at least once, never silently lost).
    public mutating func poll(now: Timestamp) throws(ScanFolderError) -> [ScanFolderItem] {
        try check()
        let current = try listing()
        var items: [ScanFolderItem] = []
        for name in current.keys.sorted() where Self.isResultFile(name) && !handedOut.contains(name) {
            guard let state = current[name], previous[name] == state else {
                incompleteSince[name] = nil  // still being written
                continue
            }
            guard let item = examine(name, state: state, current: current, now: now) else { continue }
            items.append(item)
            handedOut.insert(name)
            incompleteSince[name] = nil
        }
        previous = current
        incompleteSince = incompleteSince.filter { current[$0.key] != nil }
        return items
    }

    /// Moves an item's files into `done/` (readings) or `rejected/` (with the reason in a
    /// `.reason.txt`), never overwriting: a repeated name gets `-2`, `-3` … before its extension.
    public mutating func settle(_ item: ScanFolderItem) throws(ScanFolderError) {
        let target: String
        switch item.content {
        case .reading: target = Self.doneFolder
        case .rejection: target = Self.rejectedFolder
        }
        let moved = try move(item.file, into: target)
        if let image = item.imageFile, Self.exists(path(image)) {
            _ = try move(image, into: target)
            previous[image] = nil
        }
        if case .rejection(let rejection) = item.content, let moved {
            let note = "\(item.file): \(rejection.reason)\n"
            guard FileManager.default.createFile(atPath: moved + ".reason.txt", contents: Data(note.utf8)) else {
                throw .cannotMove(folder, "cannot write \(moved).reason.txt")
            }
        }
        handedOut.remove(item.file)
        previous[item.file] = nil
    }

    /// True for the files the watcher reads as results: visible `*.json` (any case).
    static func isResultFile(_ name: String) -> Bool { !name.hasPrefix(".") && name.lowercased().hasSuffix(".json") }

    private func path(_ name: String) -> String { folder + "/" + name }

    /// Every visible regular file and symbolic link in the folder (not its subfolders), with its
    /// size and time as lstat reports them: links are listed so that they can be refused.
    private func listing() throws(ScanFolderError) -> [String: FileState] {
        let manager = FileManager.default
        let names: [String]
        do { names = try manager.contentsOfDirectory(atPath: folder) } catch {
            throw .notAccessible(folder, "cannot list it: \(error.localizedDescription)")
        }
        var states: [String: FileState] = [:]
        for name in names where !name.hasPrefix(".") {
            // A file may vanish between listing and stat (the scanner replaced it): skip it this time.
            // attributesOfItem does not follow links (lstat).
            guard let attributes = try? manager.attributesOfItem(atPath: path(name)),
                  let type = attributes[.type] as? FileAttributeType, type == .typeRegular || type == .typeSymbolicLink,
                  let size = (attributes[.size] as? NSNumber)?.intValue,
                  let modified = attributes[.modificationDate] as? Date else { continue }
            states[name] = FileState(size: size, modified: modified, isSymbolicLink: type == .typeSymbolicLink)
        }
        return states
    }

    /// The item for a stable result file, or nil to look again at the next poll.
    private mutating func examine(_ name: String, state: FileState, current: [String: FileState], now: Timestamp) -> ScanFolderItem? {
        func refuse(_ reason: String, excerpt: String? = nil, image: String? = nil) -> ScanFolderItem {
            ScanFolderItem(file: name, imageFile: image, content: .rejection(EventRejection(reason, excerpt: excerpt)))
        }
        /// Waits for the writer up to the grace period, then refuses with `reason`.
        func incomplete(_ reason: String, excerpt: String? = nil) -> ScanFolderItem? {
            guard let since = incompleteSince[name] else { incompleteSince[name] = now; return nil }
            let waited = now.millisecondsSinceEpoch - since.millisecondsSinceEpoch
            guard waited >= graceMilliseconds else { return nil }
            return refuse("\(reason), unchanged for \(waited / 1000) s", excerpt: excerpt)
        }
        guard !state.isSymbolicLink else { return refuse("file: is a symbolic link, not a regular file; not followed") }
        guard state.size > 0 else { return incomplete("file: empty") }
        // The file's time comes from outside: refuse one no calendar date can be given for.
        guard Timestamp.isRepresentable(state.modified) else { return refuse("file: its modification time is outside the years 0000–9999") }
        guard state.size <= maximumFileBytes else { return refuse("file: \(state.size) bytes, above the \(maximumFileBytes)-byte limit") }
        let bytes: [UInt8]
        switch Self.readRegularFile(path(name), limit: maximumFileBytes) {
        case .read(let read): bytes = read
        case .missing, .changed: return nil  // moved away or written to since the listing
        case .refused(let reason): return refuse("file: \(reason)")
        }
        let excerpt = String(decoding: bytes.prefix(200), as: UTF8.self)
        // Cut-off JSON is what a writer that paused longer than a poll interval leaves: wait for it.
        do { _ = try JSONParser.parse(bytes) } catch { return incomplete("body: not JSON (\(error))", excerpt: excerpt) }
        let document: ScanResultDocument
        do { document = try ScanResultDocument.parse(bytes) } catch { return refuse(error.reason, excerpt: error.excerpt) }
        var evidence: [EvidenceItem] = []
        var imageName: String?
        switch document.image {
        case .none:
            break
        case .inline(let image):
            evidence.append(EvidenceItem(role: "scan", mediaType: ScanMediaType.sniff(image), bytes: image, personal: false))
        case .file(let image):
            guard !Self.isResultFile(image) else { return refuse("imageFile: \(image) is a .json name, read as a result itself", excerpt: excerpt) }
            guard let imageState = current[image] else { return incomplete("imageFile: \(image) is not in the folder", excerpt: excerpt) }
            guard !imageState.isSymbolicLink else {
                return refuse("imageFile: \(image) is a symbolic link, not a regular file; not followed", excerpt: excerpt, image: image)
            }
            guard previous[image] == imageState else { return nil }  // the image is still being written
            guard imageState.size <= maximumFileBytes else {
                return refuse("imageFile: \(image) has \(imageState.size) bytes, above the \(maximumFileBytes)-byte limit", excerpt: excerpt, image: image)
            }
            let imageBytes: [UInt8]
            switch Self.readRegularFile(path(image), limit: maximumFileBytes) {
            case .read(let read): imageBytes = read
            case .missing: return incomplete("imageFile: \(image) is not in the folder", excerpt: excerpt)
            case .changed: return nil  // the image is still being written
            case .refused(let reason): return refuse("imageFile: \(image) \(reason)", excerpt: excerpt, image: image)
            }
            evidence.append(EvidenceItem(role: "scan", mediaType: ScanMediaType.sniff(imageBytes), bytes: imageBytes, personal: false))
            imageName = image
        }
        // Without a time in the result, the file's modification time is when the scanner wrote it.
        let time = document.time ?? Timestamp(state.modified)
        let reading = Reading(device: device, time: time, detail: .scan(document.result), evidence: evidence)
        return ScanFolderItem(file: name, imageFile: imageName, content: .reading(reading))
    }

    /// What reading one file came to.
    enum FileRead: Equatable {
        case read([UInt8])
        /// Gone since the listing.
        case missing
        /// Longer than fstat said: still being written; look again at the next poll.
        case changed
        /// Not read, and why (a link, not a regular file, too large, unreadable).
        case refused(String)
    }

    /// Reads the regular file at `path`, at most `limit` bytes. O_NOFOLLOW refuses a symbolic
    /// link even one swapped in after the listing, O_NONBLOCK keeps a FIFO from blocking the
    /// open, and fstat on the descriptor checks the very file that is read, not the name.
    static func readRegularFile(_ path: String, limit: Int) -> FileRead {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            switch errno {
            case ENOENT: return .missing
            case ELOOP: return .refused("is a symbolic link, not a regular file; not followed")
            default: return .refused("cannot be read: \(String(cString: strerror(errno)))")
            }
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return .refused("cannot be examined: \(String(cString: strerror(errno)))") }
        guard info.st_mode & S_IFMT == S_IFREG else { return .refused("is not a regular file; not read") }
        guard info.st_size <= limit else { return .refused("has \(info.st_size) bytes, above the \(limit)-byte limit") }
        // Never more than fstat's size (within the limit) plus one byte, which shows a file
        // that grew since: a writer still at work.
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size) + 1)
        var count = 0
        while count < bytes.count {
            let result = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + count, $0.count - count) }
            if result < 0 && errno == EINTR { continue }
            guard result >= 0 else { return .refused("cannot be read: \(String(cString: strerror(errno)))") }
            if result == 0 { break }
            count += result
        }
        guard count < bytes.count else { return .changed }
        return .read(Array(bytes.prefix(count)))
    }

    /// True when `path` names anything, a dangling symbolic link included (lstat, not stat).
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// Moves `name` into `subfolder` under a free name; nil when the file is already gone. A
    /// symbolic link is moved as the link itself (rename), never what it points to.
    private func move(_ name: String, into subfolder: String) throws(ScanFolderError) -> String? {
        let manager = FileManager.default
        guard Self.exists(path(name)) else { return nil }
        let (stem, dot) = name.lastIndex(of: ".").map { (String(name[..<$0]), String(name[$0...])) } ?? (name, "")
        var destination = path(subfolder + "/" + name)
        var counter = 2
        while Self.exists(destination) {
            destination = path("\(subfolder)/\(stem)-\(counter)\(dot)")
            counter += 1
        }
        do { try manager.moveItem(atPath: path(name), toPath: destination) } catch {
            throw .cannotMove(folder, "cannot move \(name) into \(subfolder)/: \(error.localizedDescription)")
        }
        return destination
    }
}
